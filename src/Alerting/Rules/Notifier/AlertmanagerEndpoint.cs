namespace Metrics.Alerting.Rules.Notifier;

/// <summary>One Alertmanager to send to: its base URL (scheme, host, path_prefix) and request timeout.</summary>
public sealed record AlertmanagerEndpoint(Uri BaseUrl, TimeSpan Timeout)
{
    /// <summary>Alertmanager API v2's alert intake, under the path prefix.</summary>
    public Uri AlertsUrl => new(BaseUrl.ToString().TrimEnd('/') + "/api/v2/alerts");
}
