using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Templates;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>Posts a Slack incoming-webhook message with one attachment, as Alertmanager's slack_configs do.</summary>
public sealed class SlackNotifier : INotifier
{
    private readonly SlackConfig _config;
    private readonly HttpClient _client;

    public SlackNotifier(SlackConfig config, HttpClient client)
    {
        _config = config;
        _client = client;
    }

    public string Integration => "slack";
    public bool SendResolved => _config.SendResolved;

    public async Task<NotifyResult> NotifyAsync(NotificationData data, CancellationToken ct)
    {
        string url = _config.ApiUrl?.ToString() ?? File.ReadAllText(_config.ApiUrlFile!).Trim();
        using var content = new ByteArrayContent(Payload(_config, data));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _client.PostAsync(url, content, ct).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return NotifyResult.FromStatus((int)response.StatusCode, Integration, body);
    }

    public static byte[] Payload(SlackConfig c, NotificationData data)
    {
        string R(string? template, Func<NotificationData, string> fallback) => template is null ? fallback(data) : TemplateRenderer.Render(template, data);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            Optional(w, "channel", R(c.Channel, _ => ""));
            Optional(w, "username", R(c.Username, _ => "Alertmanager"));
            Optional(w, "icon_emoji", R(c.IconEmoji, _ => ""));
            Optional(w, "icon_url", R(c.IconUrl, _ => ""));
            if (c.LinkNames) w.WriteBoolean("link_names", true);
            w.WritePropertyName("attachments");
            w.WriteStartArray();
            w.WriteStartObject();
            Optional(w, "title", R(c.Title, DefaultTemplates.Subject));
            Optional(w, "title_link", R(c.TitleLink, DefaultTemplates.AlertmanagerUrl));
            Optional(w, "pretext", R(c.Pretext, _ => ""));
            // text, fallback, callback_id and footer are always present in Alertmanager's payload (no omitempty).
            w.WriteString("text", R(c.Text, _ => ""));
            w.WriteString("fallback", R(c.Fallback, DefaultTemplates.SlackFallback));
            w.WriteString("callback_id", R(c.CallbackId, _ => ""));
            Optional(w, "image_url", R(c.ImageUrl, _ => ""));
            Optional(w, "thumb_url", R(c.ThumbUrl, _ => ""));
            w.WriteString("footer", R(c.Footer, _ => ""));
            Optional(w, "color", R(c.Color, DefaultTemplates.SlackColor));
            w.WritePropertyName("mrkdwn_in");
            w.WriteStartArray();
            foreach (string m in c.MrkdwnIn) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    /// <summary>Go's <c>omitempty</c>: empty strings are left out.</summary>
    private static void Optional(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0) w.WriteString(name, value);
    }
}
