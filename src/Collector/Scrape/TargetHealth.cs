namespace Metrics.Collector.Scrape;

/// <summary>The outcome of a target's last scrape, as /api/v1/targets reports it.</summary>
public enum TargetHealth
{
    Unknown,
    Up,
    Down,
}
