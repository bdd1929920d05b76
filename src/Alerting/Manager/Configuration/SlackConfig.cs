using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>A <c>slack_configs</c> entry: an incoming-webhook message with one attachment. Null templates mean Alertmanager's defaults.</summary>
public sealed class SlackConfig
{
    public Uri? ApiUrl { get; init; }
    public string? ApiUrlFile { get; init; }

    /// <summary>Slack only hears about resolved alerts when asked (Alertmanager's default is false).</summary>
    public bool SendResolved { get; init; }
    public HttpClientSettings HttpConfig { get; init; } = HttpClientSettings.Default;
    public string? Channel { get; init; }
    public string? Username { get; init; }
    public string? Color { get; init; }
    public string? Title { get; init; }
    public string? TitleLink { get; init; }
    public string? Pretext { get; init; }
    public string? Text { get; init; }
    public string? Footer { get; init; }
    public string? Fallback { get; init; }
    public string? CallbackId { get; init; }
    public string? IconEmoji { get; init; }
    public string? IconUrl { get; init; }
    public string? ImageUrl { get; init; }
    public string? ThumbUrl { get; init; }
    public bool LinkNames { get; init; }
    public IReadOnlyList<string> MrkdwnIn { get; init; } = ["fallback", "pretext", "text"];
    public IReadOnlyList<SlackField> Fields { get; init; } = [];

    /// <summary>Whether fields without their own <c>short</c> are short (<c>short_fields</c>).</summary>
    public bool ShortFields { get; init; }
    public IReadOnlyList<SlackAction> Actions { get; init; } = [];

    public static SlackConfig Parse(YamlSection s, GlobalSettings global)
    {
        s.AllowOnly("send_resolved", "http_config", "api_url", "api_url_file", "channel", "username", "color", "title",
            "title_link", "pretext", "text", "fields", "short_fields", "footer", "fallback", "callback_id", "icon_emoji",
            "icon_url", "image_url", "thumb_url", "link_names", "mrkdwn_in", "actions");
        if (s.Has("api_url") && s.Has("api_url_file")) throw s.Error("api_url_file", "at most one of api_url & api_url_file must be configured");
        Uri? apiUrl = ConfigUrl.Optional(s, "api_url");
        string? apiUrlFile = s.GetString("api_url_file");
        if (apiUrl is null && apiUrlFile is null)
        {
            if (global.SlackApiUrl is null && global.SlackApiUrlFile is null)
                throw s.Error("api_url", "no global Slack API URL set either inline or in a file");
            apiUrl = global.SlackApiUrl;
            apiUrlFile = global.SlackApiUrlFile;
        }
        return new SlackConfig
        {
            ApiUrl = apiUrl,
            ApiUrlFile = apiUrlFile,
            SendResolved = s.GetBool("send_resolved") ?? false,
            HttpConfig = s.Has("http_config") ? HttpClientSettings.Parse(s.GetSection("http_config")) : global.HttpConfig,
            Channel = s.GetString("channel"),
            Username = s.GetString("username"),
            Color = s.GetString("color"),
            Title = s.GetString("title"),
            TitleLink = s.GetString("title_link"),
            Pretext = s.GetString("pretext"),
            Text = s.GetString("text"),
            Footer = s.GetString("footer"),
            Fallback = s.GetString("fallback"),
            CallbackId = s.GetString("callback_id"),
            IconEmoji = s.GetString("icon_emoji"),
            IconUrl = s.GetString("icon_url"),
            ImageUrl = s.GetString("image_url"),
            ThumbUrl = s.GetString("thumb_url"),
            LinkNames = s.GetBool("link_names") ?? false,
            MrkdwnIn = s.Has("mrkdwn_in") ? s.GetStringList("mrkdwn_in") : ["fallback", "pretext", "text"],
            Fields = s.GetSectionList("fields").Select(SlackField.Parse).ToList(),
            ShortFields = s.GetBool("short_fields") ?? false,
            Actions = s.GetSectionList("actions").Select(SlackAction.Parse).ToList(),
        };
    }
}
