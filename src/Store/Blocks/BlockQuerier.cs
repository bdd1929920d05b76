using Metrics.Store.Abstractions;
using Metrics.Store.Index;
using Metrics.Store.Labels;
using Metrics.Store.Querying;

namespace Metrics.Store.Blocks;

/// <summary>Selects series of one block through its postings; holds a lease until disposed.</summary>
internal sealed class BlockQuerier : ISeriesQuerier
{
    private readonly BlockReader _block;
    private readonly long _min;
    private readonly long _max;
    private bool _leased;

    public BlockQuerier(BlockReader block, long minTimeMs, long maxTimeMs)
    {
        _block = block;
        _min = minTimeMs;
        _max = maxTimeMs;
        _leased = block.TryAcquire();
    }

    public IReadOnlyList<ISeries> Select(IReadOnlyList<LabelMatcher> matchers)
    {
        if (!_leased) return [];
        var result = new List<ISeries>();
        foreach (ulong id in PostingsSelector.Select(_block, matchers))
        {
            var (labels, chunks) = _block.ReadSeries((int)id, _min, _max);
            if (chunks.Count == 0 || !SeriesLabels.MatchesAll(labels, matchers)) continue;
            result.Add(new ChunkSeries(labels, chunks, _min, _max));
        }
        // Series ids follow label order, so the result is already sorted.
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers)
    {
        if (!_leased) return [];
        return matchers.Count == 0 ? _block.LabelNames() : SeriesLabels.Names(Select(matchers));
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
        if (!_leased) return [];
        return matchers.Count == 0 ? _block.LabelValues(name) : SeriesLabels.Values(Select(matchers), name);
    }

    public void Dispose()
    {
        if (!_leased) return;
        _leased = false;
        _block.Release();
    }
}
