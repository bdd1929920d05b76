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
        var reportNow = new HashSet<LabelSet>(_reportLabels);
        // A predecessor replaced again before it ever scraped still holds what it took over: pass that on.
        foreach (LabelSet series in previous._previousSeries)
            if (!reportNow.Contains(series)) _previousSeries.Add(series);
        if (previous._lastReport is not null)
        {
            foreach (LabelSet report in previous._reportLabels)
                if (!reportNow.Contains(report)) _previousSeries.Add(report);
        }
        previous._previousSeries = [];
    }
}
