using System.Net.Http.Headers;
using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>POSTs Alertmanager's webhook payload (version "4") to the configured URL.</summary>
public sealed class WebhookNotifier : INotifier
{
    private readonly WebhookConfig _config;
    private readonly HttpClient _client;

    public WebhookNotifier(WebhookConfig config, HttpClient client)
    {
        _config = config;
        _client = client;
    }

    public string Integration => "webhook";
    public bool SendResolved => _config.SendResolved;

    public async Task<NotifyResult> NotifyAsync(NotificationData data, CancellationToken ct)
    {
        string url = _config.Url?.ToString() ?? File.ReadAllText(_config.UrlFile!).Trim();
        using var content = new ByteArrayContent(Payload(data, _config.MaxAlerts));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _client.PostAsync(url, content, ct).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return NotifyResult.FromStatus((int)response.StatusCode, Integration, body);
    }

    /// <summary>The JSON body, fields in Alertmanager's order; at most <paramref name="maxAlerts"/> alerts (0: all).</summary>
    public static byte[] Payload(NotificationData data, int maxAlerts)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            GoJsonText.WriteString(w, "receiver", data.Receiver);
            GoJsonText.WriteString(w, "status", data.Status);
            w.WritePropertyName("alerts");
            w.WriteStartArray();
            int n = maxAlerts > 0 ? Math.Min(maxAlerts, data.Alerts.Count) : data.Alerts.Count;
            for (int i = 0; i < n; i++) WriteAlert(w, data.Alerts[i], data.StatusOf(data.Alerts[i]));
            w.WriteEndArray();
            WriteLabels(w, "groupLabels", data.GroupLabels);
            WriteLabels(w, "commonLabels", data.CommonLabels);
            WriteLabels(w, "commonAnnotations", data.CommonAnnotations);
            GoJsonText.WriteString(w, "externalURL", data.ExternalUrl);
            GoJsonText.WriteString(w, "version", "4");
            GoJsonText.WriteString(w, "groupKey", data.GroupKey);
            w.WriteNumber("truncatedAlerts", data.Alerts.Count - n);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    private static void WriteAlert(Utf8JsonWriter w, Alert a, string status)
    {
        w.WriteStartObject();
        GoJsonText.WriteString(w, "status", status);
        WriteLabels(w, "labels", a.Labels);
        w.WritePropertyName("annotations");
        w.WriteStartObject();
        foreach (var (k, v) in a.Annotations.OrderBy(p => p.Key, StringComparer.Ordinal)) GoJsonText.WriteString(w, k, v);
        w.WriteEndObject();
        GoJsonText.WriteString(w, "startsAt", GoTime.Format(a.StartsAt));
        GoJsonText.WriteString(w, "endsAt", GoTime.Format(a.EndsAt));
        GoJsonText.WriteString(w, "generatorURL", a.GeneratorUrl);
        GoJsonText.WriteString(w, "fingerprint", AlertFingerprint.Format(a.Fingerprint));
        w.WriteEndObject();
    }

    internal static void WriteLabels(Utf8JsonWriter w, string name, LabelSet labels)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        foreach (Label l in labels.AsSpan()) GoJsonText.WriteString(w, l.Name, l.Value);
        w.WriteEndObject();
    }
}
