using System.Diagnostics.Metrics;

namespace Metrics.Collector;

/// <summary>The collector's self-monitoring instruments, published on /metrics.</summary>
public sealed class CollectorMetrics : IDisposable
{
    public const string MeterName = "Metrics.Collector";

    private readonly Meter _meter;

    public CollectorMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        Scrapes = _meter.CreateCounter<long>("metrics_scrapes_total", description: "Scrapes attempted, by job.");
        ScrapeFailures = _meter.CreateCounter<long>("metrics_scrape_failures_total", description: "Scrapes that failed (HTTP error, timeout or unparsable body), by job.");
        SamplesAppended = _meter.CreateCounter<long>("metrics_scrape_samples_appended_total", description: "Scraped samples accepted by storage, by job.");
        SamplesRejected = _meter.CreateCounter<long>("metrics_scrape_samples_rejected_total", description: "Scraped samples refused by storage, by job and reason.");
        ScrapeDuration = _meter.CreateHistogram<double>("metrics_scrape_duration_seconds", unit: "s", description: "Time taken by a scrape, including parsing and appending.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public Counter<long> Scrapes { get; }
    public Counter<long> ScrapeFailures { get; }
    public Counter<long> SamplesAppended { get; }
    public Counter<long> SamplesRejected { get; }
    public Histogram<double> ScrapeDuration { get; }

    public void Dispose() => _meter.Dispose();
}
