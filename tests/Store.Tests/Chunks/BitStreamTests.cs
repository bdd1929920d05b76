using Metrics.Store.Chunks;

namespace Metrics.Store.Tests.Chunks;

public sealed class BitStreamTests
{
    [Fact]
    public void Random_width_writes_read_back()
    {
        var random = new Random(42);
        var widths = new int[5000];
        var values = new ulong[widths.Length];
        using var writer = new BitWriter(16);
        for (int i = 0; i < widths.Length; i++)
        {
            widths[i] = random.Next(65);
            values[i] = widths[i] == 0 ? 0 : (ulong)random.NextInt64() >> (64 - widths[i]) | ((ulong)random.Next(2) << (widths[i] - 1));
            writer.WriteBits(values[i], widths[i]);
        }

        var reader = new BitReader(writer.WrittenSpan);
        for (int i = 0; i < widths.Length; i++)
        {
            Assert.Equal(values[i], reader.ReadBits(widths[i]));
        }
        Assert.True(reader.BitsRemaining < 8);
    }

    [Fact]
    public void Bits_are_most_significant_first()
    {
        using var writer = new BitWriter();
        writer.WriteBit(true);
        writer.WriteBits(0b011, 3);
        writer.WriteBits(0xABC, 12);
        Assert.Equal(new byte[] { 0b1011_1010, 0xBC }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void High_bits_beyond_the_width_are_ignored()
    {
        using var writer = new BitWriter();
        writer.WriteBits(ulong.MaxValue, 4);
        writer.WriteBits(ulong.MaxValue << 4, 4);
        Assert.Equal(new byte[] { 0xF0 }, writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(63L)]
    [InlineData(-64L)]
    [InlineData(1_704_067_200_000L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Varints_match_go_encoding_and_read_back(long value)
    {
        using var writer = new BitWriter();
        writer.WriteBit(true); // unaligned on purpose
        writer.WriteVarint(value);
        writer.WriteUVarint((ulong)value);
        var reader = new BitReader(writer.WrittenSpan);
        Assert.True(reader.ReadBit());
        Assert.Equal(value, reader.ReadVarint());
        Assert.Equal((ulong)value, reader.ReadUVarint());
    }

    [Fact]
    public void Varint_bytes_are_leb128()
    {
        using var writer = new BitWriter();
        writer.WriteUVarint(300);
        writer.WriteVarint(-3);
        Assert.Equal(new byte[] { 0xAC, 0x02, 0x05 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Write_bytes_copies_aligned_and_unaligned()
    {
        byte[] data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        using var writer = new BitWriter(4);
        writer.WriteBytes(data);
        writer.WriteBits(1, 1);
        writer.WriteBytes(data);
        var reader = new BitReader(writer.WrittenSpan);
        foreach (byte b in data)
        {
            Assert.Equal(b, reader.ReadByte());
        }
        Assert.True(reader.ReadBit());
        foreach (byte b in data)
        {
            Assert.Equal(b, reader.ReadByte());
        }
    }

    [Fact]
    public void Reset_leaves_a_clean_buffer()
    {
        using var writer = new BitWriter();
        for (int i = 0; i < 100; i++)
        {
            writer.WriteBits(ulong.MaxValue, 64);
        }
        writer.Reset();
        writer.WriteBits(0, 3);
        writer.WriteBits(1, 1);
        Assert.Equal(new byte[] { 0b0001_0000 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Align_and_patch()
    {
        using var writer = new BitWriter();
        writer.WriteBits(0, 16);
        writer.WriteBit(true);
        writer.AlignToByte();
        writer.WriteByte(0x7F);
        writer.PatchUInt16BigEndian(0, 0x1234);
        Assert.Equal(new byte[] { 0x12, 0x34, 0x80, 0x7F }, writer.WrittenSpan.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.PatchUInt16BigEndian(3, 1));
    }

    [Fact]
    public void Reading_past_the_end_throws_invalid_data()
    {
        byte[] data = [0xFF, 0x01];
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new BitReader(data);
            reader.ReadBits(12);
            reader.ReadBits(5);
        });
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new BitReader(data, 15);
            reader.Skip(2);
        });
    }

    [Fact]
    public void Peek_pads_with_zeros_and_does_not_consume()
    {
        var reader = new BitReader([0b1010_0000], 6);
        Assert.Equal(0b0000UL, reader.PeekBits(4));
        reader = new BitReader([0b1010_0000]);
        Assert.Equal(0b1010UL, reader.PeekBits(4));
        Assert.Equal(0, reader.BitPosition);
    }
}
