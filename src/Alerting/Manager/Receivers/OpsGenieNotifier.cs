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
    private readonly NotificationTemplates _templates;

    public OpsGenieNotifier(OpsGenieConfig config, HttpClient client, NotificationTemplates? templates = null)
    {
        _config = config;
        _client = client;
        _templates = templates ?? NotificationTemplates.Default;
    }

    public string Integration => "opsgenie";
    public bool SendResolved => _config.SendResolved;

    public static string Alias(string groupKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));

    public async Task<NotifyResult> NotifyAsync(NotificationData data, CancellationToken ct)
    {
        string key = ReceiverHttpClient.Secret(_config.ApiKey, _config.ApiKeyFile);
        // Sent in order; the first that fails fails the notification (Alertmanager does not send the rest).
        foreach (var (method, url, body) in Requests(_config, data, _templates))
        {
            using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("Authorization", "GenieKey " + key);
            using HttpResponseMessage response = await _client.SendAsync(request, ct).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            NotifyResult result = NotifyResult.FromStatus((int)response.StatusCode, Integration, text);
            if (!result.Delivered) return result;
        }
        return NotifyResult.Success;
    }

    /// <summary>
    /// The requests of one notification: close by alias when resolved; else create, and with <c>update_alerts</c>
    /// also update the message and description of an alert that already exists. All are rendered before any is sent.
    /// </summary>
    public static List<(HttpMethod Method, string Url, byte[] Body)> Requests(OpsGenieConfig c, NotificationData data, NotificationTemplates? templates = null)
    {
        templates ??= NotificationTemplates.Default;
        string alias = Alias(data.GroupKey);
        string baseUrl = c.ApiUrl.ToString();
        if (!baseUrl.EndsWith('/')) baseUrl += "/";
        if (data.Status == "resolved") return [(HttpMethod.Post, $"{baseUrl}v2/alerts/{alias}/close?identifierType=alias", CloseBody(c, data, templates))];
        var requests = new List<(HttpMethod, string, byte[])> { (HttpMethod.Post, baseUrl + "v2/alerts", CreateBody(c, data, alias, templates)) };
        if (c.UpdateAlerts)
        {
            TemplateData dot = TemplateData.From(data);
            string message = RuneTruncation.Truncate(templates.Render(c.Message ?? Default("message"), dot), MaxMessageLength);
            string description = templates.Render(c.Description ?? Default("description"), dot);
            requests.Add((HttpMethod.Put, $"{baseUrl}v2/alerts/{alias}/message?identifierType=alias", OneField("message", message)));
            requests.Add((HttpMethod.Put, $"{baseUrl}v2/alerts/{alias}/description?identifierType=alias", OneField("description", description)));
        }
        return requests;
    }

    private static byte[] OneField(string name, string value)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            Optional(w, name, value);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    /// <summary>The create request; unset fields take Alertmanager's <c>opsgenie.default.*</c> templates.</summary>
    /// <exception cref="Templating.TemplateException">A field's template does not parse or fails to execute.</exception>
    public static byte[] CreateBody(OpsGenieConfig c, NotificationData data, string alias, NotificationTemplates? templates = null)
    {
        templates ??= NotificationTemplates.Default;
        TemplateData dot = TemplateData.From(data);
        string R(string? template, string fallback) => templates.Render(template ?? fallback, dot);
        string T(string template) => templates.Render(template, dot);
        string message = R(c.Message, Default("message"));
        message = RuneTruncation.Truncate(message, MaxMessageLength);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            GoJsonText.WriteString(w, "alias", alias);
            GoJsonText.WriteString(w, "message", message);
            Optional(w, "description", R(c.Description, Default("description")));
            w.WritePropertyName("details");
            w.WriteStartObject();
            var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var l in data.CommonLabels) details[l.Name] = l.Value;
            foreach (var (k, v) in c.Details) details[k] = T(v);
            foreach (var (k, v) in details) GoJsonText.WriteString(w, k, v);
            w.WriteEndObject();
            GoJsonText.WriteString(w, "source", R(c.Source, Default("source")));
            var responders = new List<(string? Id, string? Name, string? Username, string Type)>();
            foreach (OpsGenieResponder r in c.Responders)
            {
                string type = T(r.Type);
                string? name = r.Name is null ? null : T(r.Name);
                if (type == "teams" && name is not null)
                {
                    foreach (string team in name.Split(',')) responders.Add((null, team, null, "team"));
                    continue;
                }
                responders.Add((r.Id is null ? null : T(r.Id), name,
                    r.Username is null ? null : T(r.Username), type));
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
                    GoJsonText.WriteString(w, "type", r.Type);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteList(w, "tags", c.Tags is null ? "" : T(c.Tags));
            Optional(w, "note", R(c.Note, ""));
            Optional(w, "priority", R(c.Priority, ""));
            Optional(w, "entity", R(c.Entity, ""));
            WriteList(w, "actions", c.Actions is null ? "" : T(c.Actions));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    public static byte[] CloseBody(OpsGenieConfig c, NotificationData data, NotificationTemplates? templates = null)
    {
        templates ??= NotificationTemplates.Default;
        string source = templates.Render(c.Source ?? Default("source"), TemplateData.From(data));
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            w.WriteStartObject();
            GoJsonText.WriteString(w, "source", source);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');   // Go's json.Encoder ends every document with a newline
        return buffer.ToArray();
    }

    /// <summary>Alertmanager's default for a field: its <c>opsgenie.default.FIELD</c> template.</summary>
    private static string Default(string field) => $"{{{{ template \"opsgenie.default.{field}\" . }}}}";

    /// <summary>A comma-separated rendered text as a JSON list: empty items dropped, the rest untrimmed (as Alertmanager).</summary>
    private static void WriteList(Utf8JsonWriter w, string name, string rendered)
    {
        string[] items = rendered.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0) return;
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (string item in items) GoJsonText.WriteStringValue(w, item);
        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0) GoJsonText.WriteString(w, name, value);
    }
}
