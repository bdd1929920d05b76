using System.Runtime.InteropServices;
using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Http;

/// <summary>Reads API v2 request bodies (postableAlerts, postableSilence); a malformed one is a <see cref="FormatException"/> saying where.</summary>
internal static class ApiRequests
{
    public static List<PostedAlert> ParseAlerts(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array) throw new FormatException("body must be a JSON array of alerts");
        var result = new List<PostedAlert>(root.GetArrayLength());
        // Label names and most values (alertname, job, severity...) repeat across a batch; sharing one string per
        // distinct text keeps the stored alerts small.
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        foreach (JsonElement e in root.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"alerts[{i}]: expected an object");
            if (!e.TryGetProperty("labels", out JsonElement labels)) throw new MissingFieldException($"{i}.labels in body is required");
            result.Add(new PostedAlert
            {
                Labels = StringMap(labels, i, "labels", pool),
                Annotations = e.TryGetProperty("annotations", out JsonElement ann) && ann.ValueKind != JsonValueKind.Null ? StringMap(ann, i, "annotations", pool) : [],
                StartsAt = AlertTime(e, "startsAt", i),
                EndsAt = AlertTime(e, "endsAt", i),
                GeneratorUrl = e.TryGetProperty("generatorURL", out JsonElement g) && g.ValueKind == JsonValueKind.String ? g.GetString()! : "",
            });
            i++;
        }
        return result;
    }

    public static Silence ParseSilence(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException("body must be a JSON object");
        if (!e.TryGetProperty("matchers", out JsonElement ms) || ms.ValueKind != JsonValueKind.Array)
            throw new FormatException("matchers in body is required");
        var matchers = new List<LabelMatcher>();
        int i = 0;
        foreach (JsonElement m in ms.EnumerateArray())
        {
            string name = Str(m, "name", $"matchers[{i}]") ?? throw new FormatException($"matchers[{i}].name in body is required");
            string value = Str(m, "value", $"matchers[{i}]") ?? throw new FormatException($"matchers[{i}].value in body is required");
            bool isRegex = Bool(m, "isRegex") ?? throw new FormatException($"matchers[{i}].isRegex in body is required");
            bool isEqual = Bool(m, "isEqual") ?? true;
            MatcherType type = (isRegex, isEqual) switch
            {
                (false, true) => MatcherType.Equal,
                (false, false) => MatcherType.NotEqual,
                (true, true) => MatcherType.Regex,
                _ => MatcherType.NotRegex,
            };
            try
            {
                matchers.Add(new LabelMatcher(type, name, value));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException(ex.Message, ex);
            }
            i++;
        }
        return new Silence
        {
            Id = Str(e, "id", "") ?? "",
            Matchers = matchers,
            StartsAt = Time(e, "startsAt", "") ?? throw new FormatException("startsAt in body is required"),
            EndsAt = Time(e, "endsAt", "") ?? throw new FormatException("endsAt in body is required"),
            CreatedBy = Str(e, "createdBy", "") ?? throw new FormatException("createdBy in body is required"),
            Comment = Str(e, "comment", "") ?? throw new FormatException("comment in body is required"),
        };
    }

    // The error location is built only on error: formatting it per alert was a measurable share of intake.
    private static List<KeyValuePair<string, string>> StringMap(JsonElement e, int alert, string field, Dictionary<string, string> pool)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"alerts[{alert}].{field}: expected an object of strings");
        var result = new List<KeyValuePair<string, string>>(8);
        foreach (JsonProperty p in e.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String) throw new FormatException($"alerts[{alert}].{field}.{p.Name}: expected a string");
            result.Add(new(Intern(pool, p.Name), Intern(pool, p.Value.GetString()!)));
        }
        return result;
    }

    private static string Intern(Dictionary<string, string> pool, string s)
    {
        // Long texts (URLs, summaries) rarely repeat; hashing them would cost more than it saves.
        if (s.Length > 64) return s;
        ref string? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(pool, s, out bool exists);
        if (!exists) slot = s;
        return slot!;
    }

    private static DateTimeOffset? AlertTime(JsonElement e, string name, int alert)
    {
        if (!e.TryGetProperty(name, out JsonElement t) || t.ValueKind == JsonValueKind.Null) return null;
        if (t.ValueKind != JsonValueKind.String || !GoTime.TryParse(t.GetString(), out DateTimeOffset value))
            return Time(e, name, $"alerts[{alert}]"); // throws the same error as every other time field
        // Go's zero time means "not set".
        return value.Year <= 1 ? null : value;
    }

    private static DateTimeOffset? Time(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out JsonElement t) || t.ValueKind == JsonValueKind.Null) return null;
        if (t.ValueKind != JsonValueKind.String || !GoTime.TryParse(t.GetString(), out DateTimeOffset value))
            throw new FormatException($"{Join(where, name)} in body must be of type date-time: {t}");
        // Go's zero time means "not set".
        return value.Year <= 1 ? null : value;
    }

    private static string? Str(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new FormatException($"{Join(where, name)} in body must be of type string");
        return v.GetString();
    }

    private static bool? Bool(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new FormatException($"{name} in body must be of type boolean"),
        };
    }

    private static string Join(string where, string name) => where.Length == 0 ? name : where + "." + name;
}
