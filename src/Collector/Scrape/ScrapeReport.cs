namespace Metrics.Collector.Scrape;

/// <summary>What one scrape did: when, how long, how many samples, and the error if it failed.</summary>
public sealed record ScrapeReport(
    DateTimeOffset Time,
    TimeSpan Duration,
    int SamplesScraped,
    int SamplesAppended,
    int SeriesAdded,
    string? Error)
{
    public TargetHealth Health => Error is null ? TargetHealth.Up : TargetHealth.Down;

    /// <summary>Samples left after metric_relabel_configs (what sample_limit counts); 0 when the scrape failed.</summary>
    public int SamplesPostRelabel { get; init; }
}
