using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Querying;

namespace Metrics.Store.Memory;

/// <summary>Answers selects by scanning every series: fine for the skeleton, replaced by the inverted index.</summary>
internal sealed class MemoryQuerier(MemoryStorage storage, long minTimeMs, long maxTimeMs) : ISeriesQuerier
{
    public IReadOnlyList<ISeries> Select(IReadOnlyList<LabelMatcher> matchers)
    {
        var result = new List<ISeries>();
        foreach (MemorySeries s in storage.AllSeries)
        {
            if (!SeriesLabels.MatchesAll(s.Labels, matchers)) continue;
            var samples = s.Snapshot(minTimeMs, maxTimeMs);
            if (samples.Length > 0) result.Add(new ArraySeries(s.Labels, samples));
        }
        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    public IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers)
    {
        return SeriesLabels.Names(Select(matchers));
    }

    public IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers)
    {
        return SeriesLabels.Values(Select(matchers), name);
    }

    public void Dispose()
    {
    }
}
