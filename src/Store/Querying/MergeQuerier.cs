using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Querying;

/// <summary>
/// Reads several sources (blocks in time order, then the head) as one: series with equal labels
/// are joined by concatenating their chunks in time order.
/// </summary>
public sealed class MergeQuerier(IReadOnlyList<ISeriesQuerier> sources, long minTimeMs, long maxTimeMs) : ISeriesQuerier
{
    public IReadOnlyList<ISeries> Select(IReadOnlyList<LabelMatcher> matchers)
    {
        if (sources.Count == 1) return sources[0].Select(matchers);
        var merged = new Dictionary<LabelSet, List<ChunkSpan>>();
        var others = new Dictionary<LabelSet, ISeries>();
        foreach (ISeriesQuerier source in sources)
        {
            foreach (ISeries s in source.Select(matchers))
            {
                if (s is ChunkSeries cs)
                {
                    if (!merged.TryGetValue(s.Labels, out List<ChunkSpan>? chunks)) merged[s.Labels] = chunks = [];
                    chunks.AddRange(cs.Chunks);
                }
                else
                {
                    others.TryAdd(s.Labels, s);   // sources other than chunk stores are not merged
                }
            }
        }
        var result = new List<ISeries>(merged.Count + others.Count);
        foreach (var (labels, chunks) in merged)
        {
            chunks.Sort(static (a, b) => a.MinTimeMs.CompareTo(b.MinTimeMs));
            result.Add(new ChunkSeries(labels, chunks, minTimeMs, maxTimeMs));
        }
        foreach (var (labels, s) in others)
            if (!merged.ContainsKey(labels)) result.Add(s);
        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeriesQuerier s in sources) names.UnionWith(s.LabelNames(matchers));
        return [.. names];
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeriesQuerier s in sources) values.UnionWith(s.LabelValues(name, matchers));
        return [.. values];
    }

    public void Dispose()
    {
        foreach (ISeriesQuerier s in sources) s.Dispose();
    }
}
