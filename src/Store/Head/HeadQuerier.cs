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
        return SeriesLabels.Names(Select(matchers));
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
        if (matchers.Count == 0 && InRange()) return head.Postings.Read(p => p.LabelValues(name));
        return SeriesLabels.Values(Select(matchers), name);
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
            if (s is not null && SeriesLabels.MatchesAll(s.Labels, matchers)) result.Add(s);
        }
        return result;
    }
}
