using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Http;

/// <summary>Reads API v2 postableSilence bodies (alerts: <see cref="PostedAlertsReader"/>); a malformed one is a <see cref="FormatException"/> saying where.</summary>
internal static class ApiRequests
{
    public static Silence ParseSilence(JsonElement e)
    {
        try
        {
            return ReadSilence(e);
        }
        catch (Exception ex) when (InvalidUtf8.Is(ex))
        {
            throw new FormatException("body is not valid UTF-8", ex);
        }
    }

    private static Silence ReadSilence(JsonElement e)
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
                matchers.Add(AlertmanagerMatcher.Create(type, name, value));
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
