using Metrics.Alerting.Manager.Receivers;

namespace Metrics.Alerting.Manager;

/// <summary>Settings of the alert manager that do not come from alertmanager.yml (they are flags in Alertmanager).</summary>
public sealed record AlertManagerOptions
{
    /// <summary>Where silences and the notification log are kept; null keeps them in memory only (tests).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>How long expired silences and notification-log entries are kept (<c>--data.retention</c>).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(120);

    /// <summary>The URL users reach the manager at, for links in notifications (<c>--web.external-url</c>).</summary>
    public string ExternalUrl { get; init; } = "";
    public RetryPolicy Retry { get; init; } = new();
}
