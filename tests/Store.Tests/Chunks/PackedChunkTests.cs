using Metrics.Store.Chunks;
using Metrics.Store.Samples;
using static Metrics.Store.Tests.Chunks.ChunkRoundTrip;

namespace Metrics.Store.Tests.Chunks;

/// <summary>Mode choice and sizes of the packed encoding; the round trips live in <see cref="ChunkEncodingTests"/>.</summary>
public sealed class PackedChunkTests
{
    private static readonly ChunkEncoderOptions s_packed = new() { Encoding = ChunkEncoding.Packed };

    private static byte[] Encode(Sample[] samples, ChunkEncoderOptions? options = null)
    {
        byte[] chunk = ChunkEncoder.Encode(samples, options ?? s_packed);
        AssertBitExact(samples, Drain(ChunkReader.GetIterator(chunk)));
        return chunk;
    }

    [Fact]
    public void Exact_grid_and_constant_value_cost_only_the_header()
    {
        // 3 bytes of chunk header, 6 of first timestamp, 5 of timestamp mode and column, 4 of value mode and column.
        byte[] chunk = Encode(SampleSeries.Regular(120, value: _ => 1));
        Assert.Equal(18, chunk.Length);
    }

    [Fact]
    public void Jittered_timestamps_cost_about_three_bits()
    {
        int jittered = Encode(SampleSeries.Regular(120, jitterMs: 5, value: _ => 1)).Length;
        int exact = Encode(SampleSeries.Regular(120, value: _ => 1)).Length;
        Assert.InRange((jittered - exact) * 8 / 119.0, 2.5, 3.5);
    }

    [Fact]
    public void A_missed_scrape_costs_one_bit_per_sample_not_a_wider_bucket()
    {
        // The grid no longer fits after a gap, so deltas take over: 4 bits for a 0..5 ms jitter
        // instead of 3, plus one exception. Plain XOR would pay 16 bits per sample.
        Sample[] samples = SampleSeries.Regular(120, jitterMs: 5, value: _ => 1);
        int regular = Encode(samples).Length;
        for (int i = 60; i < samples.Length; i++)
        {
            samples[i] = samples[i] with { TimestampMs = samples[i].TimestampMs + 15_000 };
        }
        Assert.InRange(Encode(samples).Length - regular, 0, 20);
    }

    [Fact]
    public void Counter_values_cost_their_noise_not_their_magnitude()
    {
        var random = new Random(1);
        double v = 1e9;
        Sample[] samples = SampleSeries.Regular(120, value: _ => v += 1000 + random.Next(-50, 50));
        byte[] packed = Encode(samples);
        byte[] xor = Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor });
        Assert.True(packed.Length * 2 < xor.Length, $"packed {packed.Length}, xor {xor.Length}");
    }

    [Fact]
    public void A_counter_reset_becomes_an_exception()
    {
        var random = new Random(2);
        int[] increments = Enumerable.Range(0, 120).Select(_ => 20 + random.Next(8)).ToArray();
        double steady = 0, reset = 0;
        Sample[] noReset = SampleSeries.Regular(120, value: i => steady += increments[i]);
        Sample[] withReset = SampleSeries.Regular(120, value: i => reset = (i == 70 ? 0 : reset) + increments[i]);
        int baseline = Encode(noReset).Length;
        // One more bit per code when the increments fill their power of two (the escape needs a
        // code of its own), plus the exception itself; a 64-bit-wide column would cost 900 bytes.
        Assert.InRange(Encode(withReset).Length - baseline, 1, (120 / 8) + 10);
    }

    [Fact]
    public void Decimal_sums_beat_xor()
    {
        var random = new Random(3);
        double total = 100;
        Sample[] samples = SampleSeries.Regular(120, value: _ => total = Math.Round(total + 5 + random.NextDouble(), 6));
        byte[] packed = Encode(samples);
        byte[] xor = Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor });
        Assert.True(packed.Length * 3 < xor.Length * 2, $"packed {packed.Length}, xor {xor.Length}");
    }

    [Fact]
    public void Float_noise_falls_back_to_xor_values()
    {
        var random = new Random(4);
        Sample[] samples = SampleSeries.Regular(120, value: _ => random.NextDouble());
        byte[] packed = Encode(samples);
        byte[] xor = Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor });
        Assert.True(packed.Length <= xor.Length);
    }

    [Fact]
    public void Timestamp_sections_of_series_scraped_together_are_identical()
    {
        // Block compression relies on this: every series of a target repeats the same timestamp bytes.
        Sample[] a = SampleSeries.Counter(120, seed: 5, jitterMs: 5);
        Sample[] b = SampleSeries.Regular(120, jitterMs: 5, seed: 5, value: i => Math.Sqrt(i));
        Assert.Equal(a.Select(s => s.TimestampMs), b.Select(s => s.TimestampMs));
        byte[] chunkA = Encode(a), chunkB = Encode(b);
        int sectionLength = chunkA[2] + 3; // encoding byte, count, section length, section; both lengths fit one byte here
        Assert.InRange(sectionLength, 40, 127);
        Assert.Equal(chunkA[..sectionLength], chunkB[..sectionLength]);
    }

    [Fact]
    public void Format_is_stable()
    {
        // Pinned bytes: a change here breaks every persisted packed chunk and needs a new encoding id instead.
        var random = new Random(6);
        double v = 1000;
        Sample[] samples = SampleSeries.Regular(8, jitterMs: 5, seed: 6, value: i => v += random.Next(0, 20));
        byte[] chunk = Encode(samples);
        Assert.Equal("02080E8AD08FA598630003ACEA0111224801F20F04122A797200", Convert.ToHexString(chunk));
    }
}
