using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Querying;

/// <summary>A series read from chunks in time order, clipped to the querier's range; used by head and blocks alike.</summary>
public sealed class ChunkSeries(LabelSet labels, IReadOnlyList<ChunkSpan> chunks, long minTimeMs, long maxTimeMs) : ISeries
{
    public LabelSet Labels { get; } = labels;

    public IReadOnlyList<ChunkSpan> Chunks { get; } = chunks;

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        if (reuse is ChunkSeriesIterator it)
        {
            it.Reset(Chunks, minTimeMs, maxTimeMs);
            return it;
        }
        return new ChunkSeriesIterator(Chunks, minTimeMs, maxTimeMs);
    }
}
