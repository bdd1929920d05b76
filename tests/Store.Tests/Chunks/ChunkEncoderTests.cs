using Metrics.Store.Chunks;
using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Chunks;

public sealed class ChunkEncoderTests
{
    [Fact]
    public void Smallest_is_never_larger_than_either_encoding()
    {
        var random = new Random(9);
        for (int round = 0; round < 100; round++)
        {
            Sample[] samples = round % 2 == 0
                ? SampleSeries.RandomBits(random.Next(0, 150), round)
                : SampleSeries.Counter(random.Next(1, 150), round, jitterMs: round % 7);
            int smallest = ChunkEncoder.Encode(samples).Length;
            int xor = ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor }).Length;
            int packed = ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Packed }).Length;
            Assert.Equal(Math.Min(xor, packed), smallest);
        }
    }

    [Fact]
    public void Encoding_byte_comes_first()
    {
        Sample[] samples = SampleSeries.Regular(5);
        Assert.Equal(ChunkEncoding.Xor, ChunkReader.GetEncoding(ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor })));
        Assert.Equal(ChunkEncoding.Packed, ChunkReader.GetEncoding(ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Packed })));
    }

    [Fact]
    public void Encodes_into_a_shared_writer_back_to_back()
    {
        Sample[] first = SampleSeries.Counter(120, seed: 1);
        Sample[] second = SampleSeries.RandomBits(60, seed: 2);
        using var writer = new BitWriter();
        ChunkEncoder.Encode(first, writer);
        int split = writer.ByteLength;
        ChunkEncoder.Encode(second, writer);
        byte[] bytes = writer.ToArray();
        Assert.Equal(ChunkEncoder.Encode(first), bytes[..split]);
        Assert.Equal(ChunkEncoder.Encode(second), bytes[split..]);

        writer.WriteBit(true);
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode(first, writer));
    }

    [Fact]
    public void Unknown_encodings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ChunkEncoder.Encode(SampleSeries.Regular(3), new ChunkEncoderOptions { Encoding = ChunkEncoding.None }));
        Assert.Throws<InvalidDataException>(() => ChunkReader.GetIterator(new byte[] { 0, 0, 0 }));
        Assert.Throws<InvalidDataException>(() => ChunkReader.GetSampleCount(new byte[] { 77, 0, 0 }));
        Assert.Throws<InvalidDataException>(() => ChunkReader.GetEncoding([]));
    }

    [Fact]
    public void Matching_iterators_are_reused_and_others_replaced()
    {
        byte[] xor = ChunkEncoder.Encode(SampleSeries.Regular(3), new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor });
        byte[] packed = ChunkEncoder.Encode(SampleSeries.Regular(3), new ChunkEncoderOptions { Encoding = ChunkEncoding.Packed });
        var first = ChunkReader.GetIterator(xor);
        Assert.Same(first, ChunkReader.GetIterator(xor, first));
        var second = ChunkReader.GetIterator(packed, first);
        Assert.IsType<PackedIterator>(second);
        Assert.Same(second, ChunkReader.GetIterator(packed, second));
    }

    [Fact]
    public void Steady_state_encode_and_decode_allocate_only_the_result()
    {
        Sample[] samples = SampleSeries.Counter(120, seed: 3);
        using var writer = new BitWriter(4096);
        byte[] chunk = ChunkEncoder.Encode(samples);
        var iterator = ChunkReader.GetIterator(chunk);
        for (int warm = 0; warm < 3; warm++)
        {
            writer.Reset();
            ChunkEncoder.Encode(samples, writer);
            iterator = ChunkReader.GetIterator(chunk, iterator);
            while (iterator.MoveNext())
            {
            }
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 100; round++)
        {
            writer.Reset();
            ChunkEncoder.Encode(samples, writer);
            iterator = ChunkReader.GetIterator(chunk, iterator);
            while (iterator.MoveNext())
            {
                _ = iterator.At();
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
