using Metrics.Store.Labels;

namespace Metrics.Collector.Scrape;

public sealed partial class ScrapeLoop
{
    /// <summary>
    /// Takes over the series a replaced loop of the same target wrote last (a reload changed its job), as
    /// Prometheus hands its scrape cache to the new loop: instead of ending every series with a staleness
    /// marker and starting them again, this loop's first scrape marks stale only what it no longer produces,
    /// including report series (<c>up</c>, ...) whose target labels changed. Call before <see cref="RunAsync"/>,
    /// after <paramref name="previous"/> has stopped.
    /// </summary>
    public void TakeOverSeriesFrom(ScrapeLoop previous)
    {
        if (previous._lastReport is null) return;   // it never wrote anything
        var reportNow = new HashSet<LabelSet>(_reportLabels);
        foreach (LabelSet series in previous._previousSeries) _previousSeries.Add(series);
        foreach (LabelSet report in previous._reportLabels)
            if (!reportNow.Contains(report)) _previousSeries.Add(report);
        previous._previousSeries = [];
    }
}
