namespace Metrics.Alerting.Manager.Templates;

/// <summary>A <c>templates:</c> entry that cannot be used: a bad glob, an unreadable file, or a template that does not parse.</summary>
public sealed class TemplateLoadException(string file, string message) : Exception(message)
{
    /// <summary>The file (or glob) at fault.</summary>
    public string File { get; } = file;
}
