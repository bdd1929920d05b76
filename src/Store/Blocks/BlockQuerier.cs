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
            if (chunks.Count == 0 || !MatchesAll(labels, matchers)) continue;
            result.Add(new ChunkSeries(labels, chunks, _min, _max));
        }
        // Series ids follow label order, so the result is already sorted.
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers)
    {
        if (!_leased) return [];
        if (matchers.Count == 0) return _block.LabelNames();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeries s in Select(matchers))
            foreach (Label l in s.Labels.AsSpan()) names.Add(l.Name);
        return [.. names];
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
        if (!_leased) return [];
        if (matchers.Count == 0) return _block.LabelValues(name);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeries s in Select(matchers))
        {
            string v = s.Labels.Get(name);
            if (v.Length > 0) values.Add(v);
        }
        return [.. values];
    }

    public void Dispose()
    {
        if (!_leased) return;
        _leased = false;
        _block.Release();
    }

    private static bool MatchesAll(LabelSet labels, IReadOnlyList<LabelMatcher> matchers)
    {
        foreach (LabelMatcher m in matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }
}
