namespace Metrics.Collector.Scrape;

/// <summary>A scrape broke one of its job's limits; the message is Prometheus's text for that limit.</summary>
internal sealed class ScrapeLimitException(string message) : Exception(message);
