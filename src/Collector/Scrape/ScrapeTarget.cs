using Metrics.Store.Labels;

namespace Metrics.Collector.Scrape;

/// <summary>One endpoint to scrape, with the labels every sample from it receives.</summary>
public sealed record ScrapeTarget(
    string Job,
    Uri Url,
    LabelSet Labels,
    TimeSpan Interval,
    TimeSpan Timeout,
    bool HonorLabels,
    bool HonorTimestamps)
{
    /// <summary>metric_relabel_configs of the target's job, applied to every scraped sample.</summary>
    public IReadOnlyList<Relabel.RelabelConfig> MetricRelabelConfigs { get; init; } = [];

    /// <summary>The job's sample, label and body size limits.</summary>
    public Config.ScrapeLimits Limits { get; init; } = Config.ScrapeLimits.None;

    /// <summary>The labels discovery produced, before relabel_configs, as /api/v1/targets shows them.</summary>
    public LabelSet DiscoveredLabels { get; init; } = LabelSet.Empty;

    /// <summary>The <c>instance</c> label, the target's identity within its job.</summary>
    public string Instance => Labels.Get(LabelNames.Instance);
}
