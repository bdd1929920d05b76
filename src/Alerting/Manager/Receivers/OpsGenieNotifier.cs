using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Templates;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>
/// OpsGenie's Alert API v2: a firing group creates (or, by alias, updates) one OpsGenie alert; a resolved group
/// closes it. The alias is the SHA-256 of the group key, so both calls name the same alert.
/// </summary>
public sealed class OpsGenieNotifier : INotifier
{
    private const int MaxMessageLength = 130;
    private readonly OpsGenieConfig _config;
    private readonly HttpClient _client;

    public OpsGenieNotifier(OpsGenieConfig config, HttpClient client)
    {
        _config = config;
        _client = client;
    }

    public string Integration => "opsgenie";
    public bool SendResolved => _config.SendResolved;

    public static string Alias(string groupKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));

    public async Task<NotifyResult> NotifyAsync(NotificationData data, CancellationToken ct)
    {
        string alias = Alias(data.GroupKey);
        string baseUrl = _config.ApiUrl.ToString();
        if (!baseUrl.EndsWith('/')) baseUrl += "/";
        string url;
        byte[] body;
        if (data.Status == "resolved")
        {
            url = $"{baseUrl}v2/alerts/{alias}/close?identifierType=alias";
            body = CloseBody(_config, data);
        }
        else
        {
            url = baseUrl + "v2/alerts";
            body = CreateBody(_config, data, alias);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", "GenieKey " + ReceiverHttpClient.Secret(_config.ApiKey, _config.ApiKeyFile));
        using HttpResponseMessage response = await _client.SendAsync(request, ct).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        return NotifyResult.FromStatus((int)response.StatusCode, Integration, text);
    }

    public static byte[] CreateBody(OpsGenieConfig c, NotificationData data, string alias)
    {
        string R(string? template, Func<NotificationData, string> fallback) => template is null ? fallback(data) : TemplateRenderer.Render(template, data);
        string message = R(c.Message, DefaultTemplates.Subject);
        if (message.Length > MaxMessageLength) message = message[..(MaxMessageLength - 1)] + "…";
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("alias", alias);
            w.WriteString("message", message);
            Optional(w, "description", R(c.Description, DefaultTemplates.OpsGenieDescription));
            w.WritePropertyName("details");
            w.WriteStartObject();
            var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var l in data.CommonLabels) details[l.Name] = l.Value;
            foreach (var (k, v) in c.Details) details[k] = TemplateRenderer.Render(v, data);
            foreach (var (k, v) in details) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteString("source", R(c.Source, DefaultTemplates.AlertmanagerUrl));
            var responders = new List<(string? Id, string? Name, string? Username, string Type)>();
            foreach (OpsGenieResponder r in c.Responders)
            {
                string type = TemplateRenderer.Render(r.Type, data);
                string? name = r.Name is null ? null : TemplateRenderer.Render(r.Name, data);
                if (type == "teams" && name is not null)
                {
                    foreach (string team in name.Split(',')) responders.Add((null, team, null, "team"));
                    continue;
                }
                responders.Add((r.Id is null ? null : TemplateRenderer.Render(r.Id, data), name,
                    r.Username is null ? null : TemplateRenderer.Render(r.Username, data), type));
            }
            if (responders.Count > 0)
            {
                w.WritePropertyName("responders");
                w.WriteStartArray();
                foreach (var r in responders)
                {
                    w.WriteStartObject();
                    Optional(w, "id", r.Id ?? "");
                    Optional(w, "name", r.Name ?? "");
                    Optional(w, "username", r.Username ?? "");
                    w.WriteString("type", r.Type);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            List<string> tags = c.Tags is null ? [] : TemplateRenderer.Render(c.Tags, data).Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();   // untrimmed, as Alertmanager
            if (tags.Count > 0)
            {
                w.WritePropertyName("tags");
                w.WriteStartArray();
                foreach (string t in tags) w.WriteStringValue(t);
                w.WriteEndArray();
            }
            Optional(w, "note", R(c.Note, _ => ""));
            Optional(w, "priority", R(c.Priority, _ => ""));
            Optional(w, "entity", R(c.Entity, _ => ""));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    public static byte[] CloseBody(OpsGenieConfig c, NotificationData data)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("source", c.Source is null ? DefaultTemplates.AlertmanagerUrl(data) : TemplateRenderer.Render(c.Source, data));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0) w.WriteString(name, value);
    }
}
