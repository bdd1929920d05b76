using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Scrape;

public sealed partial class ScrapeLoop
{
    /// <summary>
    /// Marks every series of the last scrape (and the report series) stale, as Prometheus does when
    /// a target disappears from discovery. Call only after <see cref="RunAsync"/> has returned.
    /// </summary>
    public void WriteEndOfRunStaleness()
    {
        ScrapeReport? last = _lastReport;
        if (last is null) return;   // never scraped: nothing was written, nothing to end
        // Strictly after the last scrape, or storage would drop the marker as a duplicate timestamp.
        long t = Math.Max(_clock.GetUtcNow().ToUnixTimeMilliseconds(), last.Time.ToUnixTimeMilliseconds() + 1);
        try
        {
            IAppender appender = _storage.CreateAppender();
            foreach (LabelSet series in _previousSeries) appender.Append(series, t, StaleMarker.Value);
            foreach (LabelSet report in _reportLabels) appender.Append(report, t, StaleMarker.Value);
            appender.Commit();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Storage closing at shutdown: the series then end by the lookback delta instead.
            LogStalenessFailed(e, Target.Url);
        }
        _previousSeries = [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write staleness markers for removed target {Url}")]
    private partial void LogStalenessFailed(Exception e, Uri url);
}
