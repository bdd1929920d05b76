using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Memory;

/// <summary>Answers selects by scanning every series: fine for the skeleton, replaced by the inverted index.</summary>
internal sealed class MemoryQuerier(MemoryStorage storage, long minTimeMs, long maxTimeMs) : ISeriesQuerier
{
    public IReadOnlyList<ISeries> Select(IReadOnlyList<LabelMatcher> matchers)
    {
        var result = new List<ISeries>();
        foreach (MemorySeries s in storage.AllSeries)
        {
            if (!MatchesAll(s.Labels, matchers)) continue;
            var samples = s.Snapshot(minTimeMs, maxTimeMs);
            if (samples.Length > 0) result.Add(new ArraySeries(s.Labels, samples));
        }
        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeries s in Select(matchers))
            foreach (Label l in s.Labels.AsSpan()) names.Add(l.Name);
        return [.. names];
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
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
    }

    internal static bool MatchesAll(LabelSet labels, IReadOnlyList<LabelMatcher> matchers)
    {
        foreach (LabelMatcher m in matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }
}
