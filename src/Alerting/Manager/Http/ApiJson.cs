using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Http;

/// <summary>Writes the Alertmanager API v2 (0.25 OpenAPI) objects: gettableAlert, alertGroup, gettableSilence.</summary>
internal static class ApiJson
{
    public static void WriteAlert(Utf8JsonWriter w, Alert a, IEnumerable<string> receivers, List<string> silencedBy, List<string> inhibitedBy)
    {
        w.WriteStartObject();
        WriteMap(w, "annotations", a.Annotations.OrderBy(p => p.Key, StringComparer.Ordinal));
        w.WriteString("endsAt", GoTime.FormatMillis(a.EndsAt));
        w.WriteString("fingerprint", AlertFingerprint.Format(a.Fingerprint));
        w.WritePropertyName("receivers");
        w.WriteStartArray();
        foreach (string r in receivers)
        {
            w.WriteStartObject();
            w.WriteString("name", r);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("startsAt", GoTime.FormatMillis(a.StartsAt));
        w.WritePropertyName("status");
        w.WriteStartObject();
        WriteStrings(w, "inhibitedBy", inhibitedBy);
        WriteStrings(w, "silencedBy", silencedBy);
        w.WriteString("state", silencedBy.Count > 0 || inhibitedBy.Count > 0 ? "suppressed" : "active");
        w.WriteEndObject();
        w.WriteString("updatedAt", GoTime.FormatMillis(a.UpdatedAt));
        if (a.GeneratorUrl.Length > 0) w.WriteString("generatorURL", a.GeneratorUrl);
        WriteLabels(w, "labels", a.Labels);
        w.WriteEndObject();
    }

    public static void WriteSilence(Utf8JsonWriter w, Silence s, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        w.WritePropertyName("status");
        w.WriteStartObject();
        w.WriteString("state", s.StateAt(now) switch
        {
            SilenceState.Pending => "pending",
            SilenceState.Active => "active",
            _ => "expired",
        });
        w.WriteEndObject();
        w.WriteString("updatedAt", GoTime.FormatMillis(s.UpdatedAt));
        w.WriteString("comment", s.Comment);
        w.WriteString("createdBy", s.CreatedBy);
        w.WriteString("endsAt", GoTime.FormatMillis(s.EndsAt));
        w.WritePropertyName("matchers");
        w.WriteStartArray();
        foreach (LabelMatcher m in s.Matchers)
        {
            w.WriteStartObject();
            w.WriteBoolean("isEqual", m.Type is MatcherType.Equal or MatcherType.Regex);
            w.WriteBoolean("isRegex", m.Type is MatcherType.Regex or MatcherType.NotRegex);
            w.WriteString("name", m.Name);
            w.WriteString("value", m.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("startsAt", GoTime.FormatMillis(s.StartsAt));
        w.WriteEndObject();
    }

    public static void WriteLabels(Utf8JsonWriter w, string name, LabelSet labels)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        foreach (Label l in labels.AsSpan()) w.WriteString(l.Name, l.Value);
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        foreach (var (k, v) in pairs) w.WriteString(k, v);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, List<string> values)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
