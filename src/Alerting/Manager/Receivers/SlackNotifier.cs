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
            WriteFields(w, c, templates, dot);
            WriteActions(w, c, templates, dot);
            Optional(w, "image_url", R(c.ImageUrl, ""));
            Optional(w, "thumb_url", R(c.ThumbUrl, ""));
            GoJsonText.WriteString(w, "footer", R(c.Footer, Default("footer")));
            Optional(w, "color", R(c.Color, DefaultColor));
            if (c.MrkdwnIn.Count > 0)
            {
                w.WritePropertyName("mrkdwn_in");
                w.WriteStartArray();
                foreach (string m in c.MrkdwnIn) GoJsonText.WriteStringValue(w, m);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    /// <summary>Templated attachment fields; each is short when it says so, else when <c>short_fields</c> is set.</summary>
    private static void WriteFields(Utf8JsonWriter w, SlackConfig c, NotificationTemplates templates, TemplateData dot)
    {
        if (c.Fields.Count == 0) return;
        w.WritePropertyName("fields");
        w.WriteStartArray();
        foreach (SlackField f in c.Fields)
        {
            w.WriteStartObject();
            Optional(w, "title", templates.Render(f.Title, dot));
            Optional(w, "value", templates.Render(f.Value, dot));
            w.WriteBoolean("short", f.Short ?? c.ShortFields);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Templated message buttons, with an optional confirmation dialog.</summary>
    private static void WriteActions(Utf8JsonWriter w, SlackConfig c, NotificationTemplates templates, TemplateData dot)
    {
        if (c.Actions.Count == 0) return;
        w.WritePropertyName("actions");
        w.WriteStartArray();
        foreach (SlackAction a in c.Actions)
        {
            w.WriteStartObject();
            Optional(w, "type", templates.Render(a.Type, dot));
            Optional(w, "text", templates.Render(a.Text, dot));
            Optional(w, "url", templates.Render(a.Url, dot));
            Optional(w, "style", templates.Render(a.Style, dot));
            Optional(w, "name", templates.Render(a.Name, dot));
            Optional(w, "value", templates.Render(a.Value, dot));
            if (a.Confirm is { } confirm)
            {
                w.WritePropertyName("confirm");
                w.WriteStartObject();
                Optional(w, "text", templates.Render(confirm.Text, dot));
                Optional(w, "title", templates.Render(confirm.Title, dot));
                Optional(w, "ok_text", templates.Render(confirm.OkText, dot));
                Optional(w, "dismiss_text", templates.Render(confirm.DismissText, dot));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
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
