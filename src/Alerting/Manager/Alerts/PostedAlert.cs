namespace Metrics.Alerting.Manager.Alerts;

/// <summary>An alert as a client posts it (Alertmanager API v2 <c>postableAlert</c>); times are optional.</summary>
public sealed record PostedAlert
{
    public required IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public string GeneratorUrl { get; init; } = "";
}
