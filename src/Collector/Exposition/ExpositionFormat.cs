namespace Metrics.Collector.Exposition;

/// <summary>The exposition formats a scrape can parse, chosen from the response's Content-Type as Prometheus does.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4; also the fallback for any other or missing Content-Type.</summary>
    Text,
    /// <summary>OpenMetrics 1.0 text (<c>application/openmetrics-text</c>), which must end with <c># EOF</c>.</summary>
    OpenMetrics,
}
