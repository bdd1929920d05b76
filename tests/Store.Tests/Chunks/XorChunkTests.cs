using Metrics.Store.Chunks;
using Metrics.Store.Samples;
using static Metrics.Store.Tests.Chunks.ChunkRoundTrip;

namespace Metrics.Store.Tests.Chunks;

public sealed class XorChunkTests
{
    private static byte[] Bits(string bits)
    {
        bits = bits.Replace(" ", "", StringComparison.Ordinal);
        var bytes = new byte[(bits.Length + 7) / 8];
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i] == '1')
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }
        return bytes;
    }

    [Fact]
    public void Layout_matches_prometheus_bit_for_bit()
    {
        using var appender = new XorAppender();
        appender.Append(1000, 1.0);
        appender.Append(2000, 2.0);
        appender.Append(3000, 3.0);
        appender.Append(4010, 3.0);

        byte[] expected = Bits(
            "00000000 00000100" +                   // 4 samples
            "11010000 00001111" +                   // varint(1000): zigzag 2000
            "0011111111110000" + new string('0', 48) + // 1.0
            "11101000 00000111" +                   // uvarint delta 1000
            "11 00001 001011 11111111111" +          // 2.0^1.0 = 0x7FF0..: new window, leading 1, 11 bits
            "0" +                                   // dod 0
            "11 01100 000001 1" +                   // 3.0^2.0 = 0x0008..: new window, leading 12, 1 bit
            "10 00000000001010" +                   // dod +10 in the 14-bit bucket
            "0");                                   // same value
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(appender.Bytes));
    }

    [Fact]
    public void Dod_bucket_edges_use_prometheus_ranges()
    {
        // Each pair of deltas produces one dod at a bucket edge; the iterator must undo the asymmetric ranges.
        long[] dods = [8192, -8191, 8193, -8192, 65536, -65535, 65537, 524288, -524287, 524289, -524288, long.MaxValue / 4];
        var samples = new List<Sample> { new(0, 0), new(100_000_000, 0) };
        long delta = 100_000_000;
        foreach (long dod in dods)
        {
            delta += dod;
            samples.Add(new Sample(samples[^1].TimestampMs + delta, 0));
        }
        XorChunk chunk = XorChunk.Encode(samples.ToArray());
        AssertBitExact(samples.ToArray(), Drain(chunk.GetIterator()));
    }

    [Fact]
    public void Appender_and_batch_encoder_write_the_same_bytes()
    {
        var random = new Random(3);
        for (int round = 0; round < 50; round++)
        {
            Sample[] samples = SampleSeries.RandomBits(random.Next(0, 200), round);
            using var appender = new XorAppender(8);
            foreach (Sample s in samples)
            {
                appender.Append(s.TimestampMs, s.Value);
            }
            Assert.Equal(samples.Length, appender.Count);
            Assert.Equal(XorChunk.Encode(samples).Payload.ToArray(), appender.ToArray());
        }
    }

    [Fact]
    public void Appender_reset_starts_a_new_chunk()
    {
        using var appender = new XorAppender();
        foreach (Sample s in SampleSeries.Counter(50, seed: 1))
        {
            appender.Append(s.TimestampMs, s.Value);
        }
        appender.Reset();
        Sample[] second = SampleSeries.Regular(10, jitterMs: 3);
        foreach (Sample s in second)
        {
            appender.Append(s.TimestampMs, s.Value);
        }
        var chunk = new XorChunk(appender.ToArray());
        Assert.Equal(10, chunk.Count);
        AssertBitExact(second, Drain(chunk.GetIterator()));
    }

    [Fact]
    public void Appender_refuses_more_than_the_header_can_count()
    {
        using var appender = new XorAppender();
        for (int i = 0; i < XorAppender.MaxSamples; i++)
        {
            appender.Append(i, 1);
        }
        Assert.Throws<InvalidOperationException>(() => appender.Append(XorAppender.MaxSamples, 1));
        Assert.Throws<ArgumentException>(() => XorChunk.Encode(new Sample[XorAppender.MaxSamples + 1]));
    }

    [Fact]
    public void Bytes_can_be_read_while_appending()
    {
        using var appender = new XorAppender();
        XorIterator? it = null;
        Sample[] samples = SampleSeries.Counter(130, seed: 8);
        for (int i = 0; i < samples.Length; i++)
        {
            appender.Append(samples[i].TimestampMs, samples[i].Value);
            it = new XorChunk(appender.ToArray()).GetIterator(it);
            AssertBitExact(samples.AsSpan(0, i + 1), Drain(it));
        }
    }

    [Fact]
    public void Plain_gorilla_pays_two_bytes_per_sample_for_small_jitter()
    {
        // The reason the packed encoding exists: a 15 s grid with 0..5 ms jitter puts almost every dod in the 16-bit bucket.
        Sample[] jittered = SampleSeries.Regular(120, jitterMs: 5, value: _ => 1);
        Sample[] exact = SampleSeries.Regular(120, value: _ => 1);
        int jitterCost = XorChunk.Encode(jittered).Payload.Length - XorChunk.Encode(exact).Payload.Length;
        Assert.InRange(jitterCost / 118.0, 1.5, 2.0);
    }
}
