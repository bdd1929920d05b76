namespace Metrics.Alerting.Templating;

/// <summary>A template that does not parse or fails while executing; the message reads like Go's.</summary>
public sealed class TemplateException(string message) : Exception(message)
{
    /// <summary>The name of the source (file) that failed to parse, when parsing a set of several.</summary>
    public string? SourceName { get; init; }
}
