using System.Text;
using Metrics.Store.Wal;

namespace Metrics.Store.Tests.Wal;

public sealed class Crc32CTests
{
    [Fact]
    public void Known_vectors()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0u, Crc32C.Compute([]));
        Assert.Equal(0x22620404u, Crc32C.Compute(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public void Append_continues_a_checksum()
    {
        byte[] data = new byte[1000];
        new Random(1).NextBytes(data);
        uint whole = Crc32C.Compute(data);
        for (int split = 0; split <= data.Length; split += 37)
        {
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void Table_and_instruction_paths_agree()
    {
        var random = new Random(2);
        for (int round = 0; round < 500; round++)
        {
            byte[] data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            uint seed = (uint)random.Next() * 2 + (uint)random.Next(2);
            int offset = data.Length == 0 ? 0 : random.Next(data.Length); // unaligned starts
            ReadOnlySpan<byte> span = data.AsSpan(offset);
            uint table = Crc32C.UpdateTable(seed, span);
            Assert.Equal(~table, Crc32C.Append(~seed, span));
            if (Crc32C.IsHardwareAccelerated)
            {
                Assert.Equal(table, Crc32C.UpdateHardware(seed, span));
            }
        }
    }

    [Fact]
    public void Table_path_matches_bitwise_definition()
    {
        byte[] data = new byte[257];
        new Random(3).NextBytes(data);
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }
        Assert.Equal(~crc, ~Crc32C.UpdateTable(0xFFFFFFFF, data));
        Assert.Equal(~crc, Crc32C.Compute(data));
    }
}
