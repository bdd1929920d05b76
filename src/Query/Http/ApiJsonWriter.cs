using System.Globalization;
using System.Text.Json;
using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Http;

/// <summary>Writes the Prometheus API envelope and values byte for byte as Prometheus does.</summary>
internal static class ApiJsonWriter
{
    public static void WriteSuccess(Utf8JsonWriter w, Action<Utf8JsonWriter> writeData, QueryValue? annotated = null)
    {
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WritePropertyName("data");
        writeData(w);
        // As Prometheus: the annotation arrays appear only when there is something in them.
        WriteStrings(w, "warnings", annotated?.Warnings);
        WriteStrings(w, "infos", annotated?.Infos);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0) return;
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    public static void WriteError(Utf8JsonWriter w, QueryErrorType type, string message)
    {
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteString("errorType", ErrorTypeName(type));
        w.WriteString("error", message);
        w.WriteEndObject();
    }

    public static string ErrorTypeName(QueryErrorType type) => type switch
    {
        QueryErrorType.BadData => "bad_data",
        QueryErrorType.Execution => "execution",
        QueryErrorType.Timeout => "timeout",
        QueryErrorType.Canceled => "canceled",
        _ => "internal",
    };

    public static void WriteQueryData(Utf8JsonWriter w, QueryValue value)
    {
        w.WriteStartObject();
        switch (value)
        {
            case ScalarValue s:
                w.WriteString("resultType", "scalar");
                w.WritePropertyName("result");
                WritePoint(w, s.TimestampMs, PromFloat.Format(s.Value));
                break;
            case StringValue s:
                w.WriteString("resultType", "string");
                w.WritePropertyName("result");
                WritePoint(w, s.TimestampMs, s.Value);
                break;
            case VectorValue v:
                w.WriteString("resultType", "vector");
                w.WriteStartArray("result");
                foreach (VectorSample s in v.Samples)
                {
                    w.WriteStartObject();
                    WriteMetric(w, s.Labels);
                    w.WritePropertyName("value");
                    WritePoint(w, s.TimestampMs, PromFloat.Format(s.Value));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                break;
            case MatrixValue m:
                w.WriteString("resultType", "matrix");
                w.WriteStartArray("result");
                foreach (ArraySeries series in m.Series)
                {
                    w.WriteStartObject();
                    WriteMetric(w, series.Labels);
                    w.WriteStartArray("values");
                    foreach (Sample p in series.Samples) WritePoint(w, p.TimestampMs, PromFloat.Format(p.Value));
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                break;
        }
        w.WriteEndObject();
    }

    public static void WriteMetric(Utf8JsonWriter w, LabelSet labels)
    {
        w.WriteStartObject("metric");
        WriteLabels(w, labels);
        w.WriteEndObject();
    }

    public static void WriteLabels(Utf8JsonWriter w, LabelSet labels)
    {
        foreach (Label l in labels.AsSpan()) w.WriteString(l.Name, l.Value);
    }

    /// <summary><c>[1435781451.781, "1"]</c>: seconds as a JSON number with at most three decimals.</summary>
    public static void WritePoint(Utf8JsonWriter w, long timestampMs, string value)
    {
        w.WriteStartArray();
        w.WriteRawValue(FormatTimestamp(timestampMs), skipInputValidation: true);
        w.WriteStringValue(value);
        w.WriteEndArray();
    }

    public static string FormatTimestamp(long ms)
    {
        long seconds = ms / 1000;
        long fraction = Math.Abs(ms % 1000);
        string sign = ms < 0 && seconds == 0 ? "-" : "";
        string whole = sign + seconds.ToString(CultureInfo.InvariantCulture);
        if (fraction == 0) return whole;
        return whole + "." + fraction.ToString("000", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
