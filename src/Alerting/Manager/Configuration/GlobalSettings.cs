using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>alertmanager.yml's <c>global</c> section: defaults that receivers inherit.</summary>
public sealed class GlobalSettings
{
    public static readonly Uri DefaultOpsGenieApiUrl = new("https://api.opsgenie.com/");

    /// <summary>How long an alert without <c>endsAt</c> stays firing after its last update.</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public HttpClientSettings HttpConfig { get; init; } = HttpClientSettings.Default;
    public Uri? SlackApiUrl { get; init; }
    public string? SlackApiUrlFile { get; init; }
    public Uri OpsGenieApiUrl { get; init; } = DefaultOpsGenieApiUrl;
    public string? OpsGenieApiKey { get; init; }
    public string? OpsGenieApiKeyFile { get; init; }

    public static GlobalSettings Parse(YamlSection? section)
    {
        if (section is null) return new GlobalSettings();
        // The integrations this manager does not deliver to are still accepted, so an unchanged file loads.
        section.AllowOnly("resolve_timeout", "http_config", "smtp_from", "smtp_hello", "smtp_smarthost", "smtp_auth_username",
            "smtp_auth_password", "smtp_auth_password_file", "smtp_auth_secret", "smtp_auth_identity", "smtp_require_tls",
            "slack_api_url", "slack_api_url_file", "pagerduty_url", "opsgenie_api_url", "opsgenie_api_key", "opsgenie_api_key_file",
            "wechat_api_url", "wechat_api_secret", "wechat_api_corp_id", "victorops_api_url", "victorops_api_key",
            "victorops_api_key_file", "telegram_api_url", "webex_api_url");
        TimeSpan resolve = section.GetDuration("resolve_timeout") ?? TimeSpan.FromMinutes(5);
        if (section.Has("slack_api_url") && section.Has("slack_api_url_file"))
            throw section.Error("slack_api_url_file", "at most one of slack_api_url & slack_api_url_file must be configured");
        if (section.Has("opsgenie_api_key") && section.Has("opsgenie_api_key_file"))
            throw section.Error("opsgenie_api_key_file", "at most one of opsgenie_api_key & opsgenie_api_key_file must be configured");
        ConfigUrl.Optional(section, "pagerduty_url");
        ConfigUrl.Optional(section, "wechat_api_url");
        ConfigUrl.Optional(section, "victorops_api_url");
        ConfigUrl.Optional(section, "telegram_api_url");
        ConfigUrl.Optional(section, "webex_api_url");
        return new GlobalSettings
        {
            ResolveTimeout = resolve,
            HttpConfig = HttpClientSettings.Parse(section.GetSection("http_config")),
            SlackApiUrl = ConfigUrl.Optional(section, "slack_api_url"),
            SlackApiUrlFile = section.GetString("slack_api_url_file"),
            OpsGenieApiUrl = ConfigUrl.Optional(section, "opsgenie_api_url") ?? DefaultOpsGenieApiUrl,
            OpsGenieApiKey = section.GetString("opsgenie_api_key"),
            OpsGenieApiKeyFile = section.GetString("opsgenie_api_key_file"),
        };
    }
}
