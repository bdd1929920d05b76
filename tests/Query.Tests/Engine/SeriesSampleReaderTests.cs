using Metrics.Query.Engine;
using Metrics.Store.Abstractions;
using Metrics.Store.Chunks;
using Metrics.Store.Labels;
using Metrics.Store.Querying;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Engine;

/// <summary>The engine's direct chunk decoding returns what the store's own series iterator returns.</summary>
public class SeriesSampleReaderTests
{
    private static readonly LabelSet Labels = LabelSet.FromPairs("__name__", "m");

    private static ChunkSpan Chunk(params Sample[] samples) =>
        new(samples[0].TimestampMs, samples[^1].TimestampMs, ChunkEncoder.Encode(samples));

    private static Sample[] ViaIterator(ISeries series)
    {
        var list = new List<Sample>();
        ISampleIterator it = series.Iterator();
        while (it.MoveNext()) list.Add(it.At());
        return [.. list];
    }

    private static Sample[] ViaReader(ISeries series, long min, long max, bool dropStale)
    {
        using var reader = new SeriesSampleReader();
        int count = reader.Read(series, min, max, dropStale);
        return reader.Buffer.AsSpan(0, count).ToArray();
    }

    [Fact]
    public void Overlapping_chunks_are_read_once_per_timestamp_and_clipped_to_the_range()
    {
        ChunkSpan[] chunks =
        [
            Chunk(new Sample(1_000, 1), new Sample(2_000, 2), new Sample(3_000, 3)),
            Chunk(new Sample(3_000, 3), new Sample(4_000, 4)),                        // repeats 3_000
            Chunk(new Sample(5_000, 5.5), new Sample(6_000, StaleMarker.Value), new Sample(7_000, 7)),
            Chunk(new Sample(9_000, 9)),                                              // after the range: never decoded
        ];
        var series = new ChunkSeries(Labels, chunks, 2_000, 7_000);

        Sample[] expected = ViaIterator(series);
        Assert.Equal(expected, ViaReader(series, 2_000, 7_000, dropStale: false));
        Assert.Equal([2_000, 3_000, 4_000, 5_000, 6_000, 7_000], ViaReader(series, 2_000, 7_000, dropStale: false).Select(s => s.TimestampMs));
        Assert.Equal([2_000, 3_000, 4_000, 5_000, 7_000], ViaReader(series, 2_000, 7_000, dropStale: true).Select(s => s.TimestampMs));
    }

    [Fact]
    public void Long_series_grow_the_buffer_and_other_series_use_their_iterator()
    {
        Sample[] many = Enumerable.Range(0, 5_000).Select(i => new Sample(i * 15_000L, i)).ToArray();
        var chunked = new ChunkSeries(Labels, [Chunk(many[..2_500]), Chunk(many[2_500..])], 0, long.MaxValue);
        Assert.Equal(many, ViaReader(chunked, 0, long.MaxValue, dropStale: false));

        var array = new ArraySeries(Labels, many);
        Assert.Equal(many[10..21], ViaReader(array, many[10].TimestampMs, many[20].TimestampMs, dropStale: true));
    }
}
