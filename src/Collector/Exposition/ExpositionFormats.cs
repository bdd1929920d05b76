namespace Metrics.Collector.Exposition;

/// <summary>Content negotiation for scrapes: what to ask for and which parser an answer needs.</summary>
public static class ExpositionFormats
{
    /// <summary>Prometheus 2.42's Accept header, byte for byte: OpenMetrics preferred, then text 0.0.4, then anything.</summary>
    public const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>
    /// The parser for a response's media type (parameters already stripped): OpenMetrics for
    /// <c>application/openmetrics-text</c>, the text format for everything else, a missing type included.
    /// </summary>
    public static ExpositionFormat FromMediaType(string? mediaType) =>
        string.Equals(mediaType?.Trim(), "application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.Text;
}
