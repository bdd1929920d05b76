using System.Text;
using System.Text.Json;
using Metrics.Alerting.Manager.Alerts;

namespace Metrics.Alerting.Manager.Http;

/// <summary>
/// Reads a POST /api/v2/alerts body (go-swagger's <c>postableAlerts</c>) in one forward pass, straight from
/// the request bytes into <see cref="PostedAlert"/>s: no document tree, and label texts that repeat across
/// alerts come from <see cref="AsciiStringCache"/> instead of being allocated again.
/// Errors: <see cref="JsonException"/> when the body is not JSON (that wins, as Go decodes before it
/// validates), <see cref="MissingFieldException"/> for an alert without labels (go-swagger's 422),
/// <see cref="FormatException"/> naming the alert and field for anything else.
/// </summary>
internal static class PostedAlertsReader
{
    public static List<PostedAlert> Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: true, state: default);
        try
        {
            if (!reader.Read()) throw new JsonException("empty body");
            if (reader.TokenType != JsonTokenType.StartArray) throw new FormatException("body must be a JSON array of alerts");
            var result = new List<PostedAlert>();
            var labels = new List<KeyValuePair<string, string>>(8);
            var annotations = new List<KeyValuePair<string, string>>(4);
            AsciiStringCache cache = AsciiStringCache.Current;
            while (Next(ref reader) != JsonTokenType.EndArray)
            {
                int i = result.Count;
                if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException($"alerts[{i}]: expected an object");
                result.Add(ReadAlert(ref reader, body, i, cache, labels, annotations));
            }
            // Anything after the array is not JSON; Read throws on it.
            if (reader.Read()) throw new JsonException("data after the array");
            return result;
        }
        catch (Exception e) when (e is FormatException or MissingFieldException || InvalidUtf8.Is(e))
        {
            // Go decodes the whole body before validating it: a syntax error later in the body is the answer.
            while (reader.Read())
            {
            }
            if (InvalidUtf8.Is(e)) throw new FormatException("body is not valid UTF-8", e);
            throw;
        }
    }

    private static PostedAlert ReadAlert(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int i, AsciiStringCache cache,
        List<KeyValuePair<string, string>> labels, List<KeyValuePair<string, string>> annotations)
    {
        bool hasLabels = false;
        labels.Clear();
        annotations.Clear();
        DateTimeOffset? startsAt = null, endsAt = null;
        string generatorUrl = "";
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            // A repeated field keeps its last value, as Go's decoder does.
            if (reader.ValueTextEquals("labels"u8))
            {
                Next(ref reader);
                ReadStringMap(ref reader, i, "labels", cache, labels);
                hasLabels = true;
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                if (Next(ref reader) == JsonTokenType.Null) annotations.Clear();
                else ReadStringMap(ref reader, i, "annotations", cache, annotations);
            }
            else if (reader.ValueTextEquals("startsAt"u8))
            {
                Next(ref reader);
                startsAt = ReadTime(ref reader, body, i, "startsAt");
            }
            else if (reader.ValueTextEquals("endsAt"u8))
            {
                Next(ref reader);
                endsAt = ReadTime(ref reader, body, i, "endsAt");
            }
            else if (reader.ValueTextEquals("generatorURL"u8))
            {
                generatorUrl = Next(ref reader) == JsonTokenType.String ? reader.GetString()! : "";
                reader.Skip();
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }
        if (!hasLabels) throw new MissingFieldException($"{i}.labels in body is required");
        return new PostedAlert
        {
            Labels = labels.ToArray(),
            Annotations = annotations.Count == 0 ? [] : annotations.ToArray(),
            StartsAt = startsAt,
            EndsAt = endsAt,
            GeneratorUrl = generatorUrl,
        };
    }

    // The error location is built only on error: formatting it per alert was a measurable share of intake.
    private static void ReadStringMap(ref Utf8JsonReader reader, int alert, string field, AsciiStringCache cache, List<KeyValuePair<string, string>> into)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException($"alerts[{alert}].{field}: expected an object of strings");
        into.Clear();
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = Text(ref reader, cache);
            if (Next(ref reader) != JsonTokenType.String) throw new FormatException($"alerts[{alert}].{field}.{name}: expected a string");
            into.Add(new(name, Text(ref reader, cache)));
        }
    }

    private static DateTimeOffset? ReadTime(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int alert, string name)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String && (reader.ValueIsEscaped ? GoTime.TryParse(reader.GetString(), out DateTimeOffset value)
                                                                               : GoTime.TryParse(reader.ValueSpan, out value)))
            return value.Year <= 1 ? null : value; // Go's zero time means "not set".
        string raw;
        if (reader.TokenType == JsonTokenType.String) raw = reader.GetString()!;
        else
        {
            long start = reader.TokenStartIndex;
            reader.Skip();
            raw = Encoding.UTF8.GetString(body[(int)start..(int)reader.BytesConsumed]);
        }
        throw new FormatException($"alerts[{alert}].{name} in body must be of type date-time: {raw}");
    }

    private static string Text(ref Utf8JsonReader reader, AsciiStringCache cache)
        => reader.ValueIsEscaped ? reader.GetString()! : cache.Get(reader.ValueSpan);

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("unexpected end of body");
        return reader.TokenType;
    }
}
