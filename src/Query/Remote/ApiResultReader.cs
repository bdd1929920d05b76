using System.Text.Json;
using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Remote;

/// <summary>Turns the <c>data</c> object of a Prometheus API v1 query answer back into a <see cref="QueryValue"/>.</summary>
public static class ApiResultReader
{
    public static QueryValue Read(JsonElement data)
    {
        JsonElement result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => new VectorValue([.. result.EnumerateArray().Select(e =>
            {
                (long t, double v) = Point(e.GetProperty("value"));
                return new VectorSample(Labels(e.GetProperty("metric")), t, v);
            })]),
            "matrix" => new MatrixValue([.. result.EnumerateArray().Select(e => new ArraySeries(Labels(e.GetProperty("metric")),
                [.. e.GetProperty("values").EnumerateArray().Select(p => { (long t, double v) = Point(p); return new Sample(t, v); })]))]),
            "scalar" => Scalar(result),
            "string" => new StringValue(Point(result).TimestampMs, result[1].GetString() ?? ""),
            string other => throw new QueryException(QueryErrorType.Internal, $"unknown resultType \"{other}\""),
            null => throw new QueryException(QueryErrorType.Internal, "resultType missing"),
        };
    }

    private static ScalarValue Scalar(JsonElement point)
    {
        (long t, double v) = Point(point);
        return new ScalarValue(t, v);
    }

    private static LabelSet Labels(JsonElement metric)
    {
        var builder = new LabelSetBuilder();
        foreach (JsonProperty p in metric.EnumerateObject()) builder.Set(p.Name, p.Value.GetString() ?? "");
        return builder.Build();
    }

    /// <summary>[unix seconds (float), "value"]; the value may be "NaN", "+Inf" or "-Inf".</summary>
    private static (long TimestampMs, double Value) Point(JsonElement pair)
    {
        long t = (long)Math.Round(pair[0].GetDouble() * 1000);
        string text = pair[1].GetString() ?? "";
        double v = PromFloat.TryParse(text, out double parsed) ? parsed
            : throw new QueryException(QueryErrorType.Internal, $"invalid sample value \"{text}\"");
        return (t, v);
    }
}
