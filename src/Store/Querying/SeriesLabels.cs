using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Querying;

/// <summary>Label metadata derived from selected series, and the matcher check every querier confirms candidates with.</summary>
public static class SeriesLabels
{
    public static IReadOnlyList<string> Names(IEnumerable<ISeries> series)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeries s in series)
            foreach (Label l in s.Labels.AsSpan()) names.Add(l.Name);
        return [.. names];
    }

    public static IReadOnlyList<string> Values(IEnumerable<ISeries> series, string name)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeries s in series)
        {
            string v = s.Labels.Get(name);
            if (v.Length > 0) values.Add(v);
        }
        return [.. values];
    }

    public static bool MatchesAll(LabelSet labels, IReadOnlyList<LabelMatcher> matchers)
    {
        foreach (LabelMatcher m in matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }
}
