using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Templates;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>Posts a Slack incoming-webhook message with one attachment, as Alertmanager's slack_configs do.</summary>
public sealed class SlackNotifier : INotifier
{
    private const int MaxTitleRunes = 1024;
    private readonly SlackConfig _config;
    private readonly HttpClient _client;
    private readonly NotificationTemplates _templates;

    public SlackNotifier(SlackConfig config, HttpClient client, NotificationTemplates? templates = null)
    {
        _config = config;
        _client = client;
        _templates = templates ?? NotificationTemplates.Default;
    }

    public string Integration => "slack";
    public bool SendResolved => _config.SendResolved;

    public async Task<NotifyResult> NotifyAsync(NotificationData data, CancellationToken ct)
    {
        string url = _config.ApiUrl?.ToString() ?? File.ReadAllText(_config.ApiUrlFile!).Trim();
        // Rendered before anything is sent: a template error fails this notification whole (Alertmanager does not retry it).
        using var content = new ByteArrayContent(Payload(_config, data, _templates));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _client.PostAsync(url, content, ct).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return NotifyResult.FromStatus((int)response.StatusCode, Integration, body);
    }

    /// <summary>The JSON body; unset fields take Alertmanager's defaults, which name the <c>slack.default.*</c> templates.</summary>
    /// <exception cref="Templating.TemplateException">A field's template does not parse or fails to execute.</exception>
    public static byte[] Payload(SlackConfig c, NotificationData data, NotificationTemplates? templates = null)
    {
        templates ??= NotificationTemplates.Default;
        TemplateData dot = TemplateData.From(data);
        string R(string? template, string fallback) => templates.Render(template ?? fallback, dot);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            Optional(w, "channel", R(c.Channel, ""));
            Optional(w, "username", R(c.Username, Default("username")));
            Optional(w, "icon_emoji", R(c.IconEmoji, Default("iconemoji")));
            Optional(w, "icon_url", R(c.IconUrl, Default("iconurl")));
            if (c.LinkNames) w.WriteBoolean("link_names", true);
            w.WritePropertyName("attachments");
            w.WriteStartArray();
            w.WriteStartObject();
            // Alertmanager 0.25 cuts the title to Slack's limit of 1024 characters.
            Optional(w, "title", RuneTruncation.Truncate(R(c.Title, Default("title")), MaxTitleRunes));
            Optional(w, "title_link", R(c.TitleLink, Default("titlelink")));
            Optional(w, "pretext", R(c.Pretext, Default("pretext")));
            // text, fallback, callback_id and footer are always present in Alertmanager's payload (no omitempty).
            GoJsonText.WriteString(w, "text", R(c.Text, Default("text")));
            GoJsonText.WriteString(w, "fallback", R(c.Fallback, Default("fallback")));
            GoJsonText.WriteString(w, "callback_id", R(c.CallbackId, Default("callbackid")));
            Optional(w, "image_url", R(c.ImageUrl, ""));
            Optional(w, "thumb_url", R(c.ThumbUrl, ""));
            GoJsonText.WriteString(w, "footer", R(c.Footer, Default("footer")));
            Optional(w, "color", R(c.Color, DefaultColor));
            w.WritePropertyName("mrkdwn_in");
            w.WriteStartArray();
            foreach (string m in c.MrkdwnIn) GoJsonText.WriteStringValue(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    /// <summary>Alertmanager's default color: red while anything fires, green once resolved.</summary>
    private const string DefaultColor = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";

    /// <summary>Alertmanager's default for a field: its <c>slack.default.FIELD</c> template.</summary>
    private static string Default(string field) => $"{{{{ template \"slack.default.{field}\" . }}}}";

    /// <summary>Go's <c>omitempty</c>: empty strings are left out.</summary>
    private static void Optional(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0) GoJsonText.WriteString(w, name, value);
    }
}
