using Metrics.Store.Abstractions;
using Metrics.Store.Chunks;
using Metrics.Store.Samples;
using static Metrics.Store.Tests.Chunks.ChunkRoundTrip;

namespace Metrics.Store.Tests.Chunks;

/// <summary>The acceptance suite every chunk encoding must pass: bit-exact round trips, seek semantics and iterator reuse.</summary>
public abstract class ChunkEncodingTests
{
    /// <summary>Encodes a whole chunk, encoding byte included.</summary>
    protected abstract byte[] Encode(ReadOnlySpan<Sample> samples);

    /// <summary>The largest chunk the encoding accepts.</summary>
    protected virtual int MaxSamples => 200_000;

    private List<Sample> RoundTrip(Sample[] samples)
    {
        byte[] chunk = Encode(samples);
        Assert.Equal(samples.Length, ChunkReader.GetSampleCount(chunk));
        List<Sample> decoded = Drain(ChunkReader.GetIterator(chunk));
        AssertBitExact(samples, decoded);
        return decoded;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(119)]
    [InlineData(120)]
    [InlineData(121)]
    [InlineData(5000)]
    public void Regular_series_of_any_length_round_trip(int count)
    {
        RoundTrip(SampleSeries.Regular(count));
        RoundTrip(SampleSeries.Regular(count, jitterMs: 5, value: i => Math.Sin(i) * 1e6));
    }

    [Fact]
    public void Largest_supported_chunk_round_trips() =>
        RoundTrip(SampleSeries.Counter(Math.Min(MaxSamples, 65_535), seed: 3, resetEvery: 1000));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_bit_patterns_round_trip(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            RoundTrip(SampleSeries.RandomBits(random.Next(1, 300), seed * 1000 + round));
        }
    }

    [Fact]
    public void Every_awkward_value_survives_in_every_position()
    {
        foreach (ulong bits in SampleSeries.AwkwardBits)
        {
            double awkward = BitConverter.UInt64BitsToDouble(bits);
            RoundTrip([new Sample(SampleSeries.Start, awkward)]);
            RoundTrip(SampleSeries.Regular(10, value: i => i == 0 ? awkward : 1.5));
            RoundTrip(SampleSeries.Regular(10, value: i => i == 5 ? awkward : i));
            RoundTrip(SampleSeries.Regular(10, value: i => i == 9 ? awkward : i));
            RoundTrip(SampleSeries.Regular(10, value: _ => awkward));
        }
    }

    [Fact]
    public void Stale_marker_after_a_counter_stays_bit_exact()
    {
        Sample[] samples = SampleSeries.Counter(120, seed: 7);
        samples[^1] = samples[^1] with { Value = StaleMarker.Value };
        List<Sample> decoded = RoundTrip(samples);
        Assert.True(StaleMarker.IsStale(decoded[^1].Value));
    }

    [Fact]
    public void Extreme_timestamps_round_trip() => RoundTrip(SampleSeries.ExtremeTimestamps());

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Irregular_steps_round_trip(int seed) => RoundTrip(SampleSeries.IrregularSteps(500, seed));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(100)]
    public void Counters_with_resets_round_trip(int jitterMs)
    {
        RoundTrip(SampleSeries.Counter(120, seed: 21, jitterMs: jitterMs, resetEvery: 37));
        RoundTrip(SampleSeries.Counter(1000, seed: 22, jitterMs: jitterMs, resetEvery: 250));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1048576.0)]
    [InlineData(0.1)]
    [InlineData(-273.15)]
    public void Constant_series_round_trip(double value) => RoundTrip(SampleSeries.Regular(120, value: _ => value));

    [Fact]
    public void Decimal_and_large_integer_values_round_trip()
    {
        var random = new Random(5);
        RoundTrip(SampleSeries.Regular(120, value: i => Math.Round(random.NextDouble() * 1e4, 6)));
        RoundTrip(SampleSeries.Regular(120, value: i => (1L << 53) - i));
        RoundTrip(SampleSeries.Regular(120, value: i => -(1L << 53) + i));
        RoundTrip(SampleSeries.Regular(120, value: i => i % 2 == 0 ? 1L << 53 : -(1L << 53)));
        RoundTrip(SampleSeries.Regular(120, value: i => 0.1 * i));
        RoundTrip(SampleSeries.Regular(120, value: i => i * 1e300));
    }

    [Fact]
    public void Missed_scrapes_round_trip()
    {
        Sample[] samples = SampleSeries.Counter(120, seed: 9);
        for (int i = 60; i < samples.Length; i++)
        {
            samples[i] = samples[i] with { TimestampMs = samples[i].TimestampMs + 45_000 };
        }
        RoundTrip(samples);
    }

    [Fact]
    public void Seek_finds_the_first_sample_at_or_after_the_time()
    {
        Sample[] samples = SampleSeries.Regular(120, jitterMs: 5);
        byte[] chunk = Encode(samples);

        ISampleIterator it = ChunkReader.GetIterator(chunk);
        Assert.True(it.Seek(long.MinValue));
        Assert.Equal(samples[0], it.At());

        it = ChunkReader.GetIterator(chunk);
        Assert.True(it.Seek(samples[40].TimestampMs));
        Assert.Equal(samples[40], it.At());
        Assert.True(it.Seek(samples[40].TimestampMs + 1));
        Assert.Equal(samples[41], it.At());
        Assert.True(it.MoveNext());
        Assert.Equal(samples[42], it.At());

        Assert.False(it.Seek(samples[^1].TimestampMs + 1));
        Assert.False(it.MoveNext());
        Assert.False(it.Seek(samples[0].TimestampMs));
    }

    [Fact]
    public void Seek_never_moves_back()
    {
        Sample[] samples = SampleSeries.Regular(50);
        ISampleIterator it = ChunkReader.GetIterator(Encode(samples));
        Assert.True(it.Seek(samples[30].TimestampMs));
        Assert.True(it.Seek(samples[10].TimestampMs));
        Assert.Equal(samples[30], it.At());
        Assert.True(it.Seek(samples[^1].TimestampMs));
        Assert.Equal(samples[^1], it.At());
    }

    [Fact]
    public void Empty_chunk_iterates_nothing()
    {
        ISampleIterator it = ChunkReader.GetIterator(Encode([]));
        Assert.False(it.MoveNext());
        Assert.False(it.Seek(0));
    }

    [Fact]
    public void Iterator_is_reused_across_chunks()
    {
        Sample[] first = SampleSeries.Counter(120, seed: 1);
        Sample[] second = SampleSeries.RandomBits(77, seed: 2);
        Sample[] third = SampleSeries.Regular(1);
        ISampleIterator it = ChunkReader.GetIterator(Encode(first));
        Assert.True(it.Seek(first[100].TimestampMs));

        foreach (Sample[] samples in new[] { second, first, third, first })
        {
            ISampleIterator again = ChunkReader.GetIterator(Encode(samples), it);
            AssertBitExact(samples, Drain(again));
            it = again;
        }
    }

    [Fact]
    public void Corrupt_chunk_decodes_to_something_or_reports_invalid_data()
    {
        var random = new Random(31);
        byte[] original = Encode(SampleSeries.Counter(120, seed: 6));
        for (int round = 0; round < 2000; round++)
        {
            byte[] corrupt = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupt[random.Next(1, corrupt.Length)] ^= (byte)(1 << random.Next(8));
            }
            try
            {
                ISampleIterator it = ChunkReader.GetIterator(corrupt);
                for (int i = 0; i < 1_000 && it.MoveNext(); i++)
                {
                    _ = it.At();
                }
            }
            catch (InvalidDataException)
            {
                // The only acceptable failure: never an IndexOutOfRange or overflow from bad bytes.
            }
        }
    }

    [Fact]
    public void Truncated_chunk_is_reported_as_invalid_data()
    {
        byte[] chunk = Encode(SampleSeries.Counter(120, seed: 4));
        for (int length = 1; length < chunk.Length; length += 7)
        {
            byte[] truncated = chunk[..length];
            Assert.Throws<InvalidDataException>(() => Drain(ChunkReader.GetIterator(truncated)));
        }
    }
}

/// <summary>Prometheus's XOR layout through the encoder.</summary>
public sealed class XorEncodingTests : ChunkEncodingTests
{
    protected override int MaxSamples => XorAppender.MaxSamples;

    protected override byte[] Encode(ReadOnlySpan<Sample> samples) =>
        ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Xor });
}

/// <summary>Prometheus's XOR layout through the sample-at-a-time appender.</summary>
public sealed class XorAppenderEncodingTests : ChunkEncodingTests
{
    protected override int MaxSamples => XorAppender.MaxSamples;

    protected override byte[] Encode(ReadOnlySpan<Sample> samples)
    {
        using var appender = new XorAppender();
        foreach (Sample sample in samples)
        {
            appender.Append(sample.TimestampMs, sample.Value);
        }
        return [(byte)ChunkEncoding.Xor, .. appender.Bytes];
    }
}

/// <summary>The packed layout with every mode available.</summary>
public sealed class PackedEncodingTests : ChunkEncodingTests
{
    protected override byte[] Encode(ReadOnlySpan<Sample> samples) =>
        ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Packed });
}

/// <summary>The packed layout restricted to its fallback modes (delta timestamps, XOR values).</summary>
public sealed class PackedFallbackEncodingTests : ChunkEncodingTests
{
    protected override byte[] Encode(ReadOnlySpan<Sample> samples) =>
        ChunkEncoder.Encode(samples, new ChunkEncoderOptions { Encoding = ChunkEncoding.Packed, PackedFeatures = PackedFeatures.None });
}

/// <summary>The default: whichever encoding is smaller per chunk.</summary>
public sealed class SmallestEncodingTests : ChunkEncodingTests
{
    protected override byte[] Encode(ReadOnlySpan<Sample> samples) => ChunkEncoder.Encode(samples);
}
