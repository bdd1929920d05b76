using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>A <c>webhook_configs</c> entry: POST Alertmanager's JSON payload to a URL.</summary>
public sealed class WebhookConfig
{
    public required Uri? Url { get; init; }
    public string? UrlFile { get; init; }

    /// <summary>Webhooks hear about resolved alerts unless told otherwise (Alertmanager's default).</summary>
    public bool SendResolved { get; init; } = true;

    /// <summary>At most this many alerts per payload; 0 means all (the rest is counted in <c>truncatedAlerts</c>).</summary>
    public int MaxAlerts { get; init; }
    public HttpClientSettings HttpConfig { get; init; } = HttpClientSettings.Default;

    public static WebhookConfig Parse(YamlSection s, GlobalSettings global)
    {
        s.AllowOnly("send_resolved", "http_config", "url", "url_file", "max_alerts");
        if (!s.Has("url") && !s.Has("url_file")) throw s.Error("url", "one of url or url_file must be configured");
        if (s.Has("url") && s.Has("url_file")) throw s.Error("url_file", "at most one of url & url_file must be configured");
        int maxAlerts = 0;
        if (s.GetString("max_alerts") is { } text && (!int.TryParse(text, out maxAlerts) || maxAlerts < 0))
            throw s.Error("max_alerts", $"expected a non-negative integer, got \"{text}\"");
        return new WebhookConfig
        {
            Url = ConfigUrl.Optional(s, "url"),
            UrlFile = s.GetString("url_file"),
            SendResolved = s.GetBool("send_resolved") ?? true,
            MaxAlerts = maxAlerts,
            HttpConfig = s.Has("http_config") ? HttpClientSettings.Parse(s.GetSection("http_config")) : global.HttpConfig,
        };
    }
}
