namespace Metrics.Alerting.Templating;

/// <summary>A template that does not parse or fails while executing; the message reads like Go's.</summary>
public sealed class TemplateException(string message) : Exception(message);
