using Metrics.Store.Labels;

namespace Metrics.Store.Abstractions;

/// <summary>Reads series, label names and label values inside the querier's time range.</summary>
public interface ISeriesQuerier : IDisposable
{
    /// <summary>Series matching all matchers, sorted by labels.</summary>
    IReadOnlyList<ISeries> Select(IReadOnlyList<LabelMatcher> matchers);

    /// <summary>Sorted label names of the series selected by <paramref name="matchers"/> (all series when empty).</summary>
    IReadOnlyList<string> LabelNames(IReadOnlyList<LabelMatcher> matchers);

    /// <summary>Sorted values of <paramref name="name"/> in the series selected by <paramref name="matchers"/>.</summary>
    IReadOnlyList<string> LabelValues(string name, IReadOnlyList<LabelMatcher> matchers);
}
