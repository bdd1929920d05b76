using Metrics.Store.Abstractions;
using Metrics.Store.Index;
using Metrics.Store.Labels;
using Metrics.Store.Querying;

namespace Metrics.Store.Head;

/// <summary>Reads the head: postings narrow the series, labels confirm, chunks are copied by reference.</summary>
internal sealed class HeadQuerier(TsdbHead head, long minTimeMs, long maxTimeMs) : ISeriesQuerier
{
    public IReadOnlyList<ISeries> Select(IReadOnlyList<LabelMatcher> matchers)
    {
        var result = new List<ISeries>();
        foreach (HeadSeries series in Candidates(matchers))
        {
            List<ChunkSpan> chunks = series.ChunksIn(minTimeMs, maxTimeMs);
            if (chunks.Count > 0) result.Add(new ChunkSeries(series.Labels, chunks, minTimeMs, maxTimeMs));
        }
        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers)
    {
        if (matchers.Count == 0 && InRange()) return head.Postings.Read(p => p.LabelNames());
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ISeries s in Select(matchers))
            foreach (Label l in s.Labels.AsSpan()) names.Add(l.Name);
        return [.. names];
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
        if (matchers.Count == 0 && InRange()) return head.Postings.Read(p => p.LabelValues(name));
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

    /// <summary>True when the query range covers the whole head, so the index alone answers metadata.</summary>
    private bool InRange() => minTimeMs <= head.MinTime && maxTimeMs >= head.MaxTime;

    private List<HeadSeries> Candidates(IReadOnlyList<LabelMatcher> matchers)
    {
        List<ulong> refs = head.Postings.Read(p => PostingsSelector.Select(p, matchers));
        var result = new List<HeadSeries>(refs.Count);
        foreach (ulong r in refs)
        {
            HeadSeries? s = head.Series.Get(r);
            if (s is not null && Matches(s.Labels, matchers)) result.Add(s);
        }
        return result;
    }

    private static bool Matches(LabelSet labels, IReadOnlyList<LabelMatcher> matchers)
    {
        foreach (LabelMatcher m in matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }
}
