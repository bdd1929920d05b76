using System.Globalization;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// Compares a query result with an eval's expectations exactly as upstream's <c>compareResult</c> does;
/// returns null when they match, otherwise a one-line description of the first difference.
/// </summary>
internal static class ResultComparer
{
    private const double Epsilon = 1e-6;

    // The smallest positive normal double: near zero the comparison becomes effectively exact.
    private static readonly double MinNormal = BitConverter.UInt64BitsToDouble(0x0010000000000000UL);

    public static string? Compare(EvalCommand ev, QueryValue result) => result switch
    {
        MatrixValue m => CompareMatrix(ev, m),
        VectorValue v => CompareVector(ev, v.Samples),
        ScalarValue s => CompareScalar(ev, s.Value),
        StringValue s => ev.ExpectedString == s.Value ? null : $"expected string \"{ev.ExpectedString}\" but got \"{s.Value}\"",
        _ => $"unexpected result type {result.GetType().Name}",
    };

    public static string? CompareScalar(EvalCommand ev, double actual)
    {
        if (!ev.ExpectScalar) return $"expected vector or matrix result, but got scalar {Format(actual)}";
        return AlmostEqual(ev.ExpectedScalar, actual) ? null : $"expected scalar {Format(ev.ExpectedScalar)} but got {Format(actual)}";
    }

    public static string? CompareVector(EvalCommand ev, IReadOnlyList<VectorSample> samples)
    {
        if (ev.ExpectScalar) return $"expected scalar result, but got vector of {samples.Count} samples";
        var seen = new HashSet<LabelSet>();
        for (int pos = 0; pos < samples.Count; pos++)
        {
            VectorSample s = samples[pos];
            if (!ev.Expected.TryGetValue(s.Labels, out var exp))
                return $"unexpected metric {s.Labels} in result, has value {Format(s.Value)}";
            if (ev.IsOrdered && exp.Position != pos + 1)
                return $"expected metric {s.Labels} at position {exp.Position} but was at {pos + 1}";
            if (exp.Values.Count == 0) return $"no expected value for {s.Labels}";
            SequenceValue e = exp.Values[0];
            if (e.IsHistogram) return $"expected histogram for {s.Labels} but got float value {Format(s.Value)}";
            if (!AlmostEqual(e.Value, s.Value)) return $"expected {Format(e.Value)} for {s.Labels} but got {Format(s.Value)}";
            seen.Add(s.Labels);
        }
        foreach (var (labels, exp) in ev.Expected)
        {
            if (!seen.Contains(labels))
                return $"expected metric {labels} with {FormatValues(exp.Values)} not found";
        }
        return null;
    }

    public static string? CompareMatrix(EvalCommand ev, MatrixValue matrix)
    {
        if (ev.IsOrdered) return "expected ordered result, but query returned a matrix";
        if (ev.ExpectScalar) return $"expected scalar result, but got matrix of {matrix.Series.Count} series";
        if (CheckSorted(matrix) is { } unsorted) return unsorted;
        var seen = new HashSet<LabelSet>();
        var expected = new List<Sample>();
        foreach (ArraySeries s in matrix.Series)
        {
            if (!ev.Expected.TryGetValue(s.Labels, out var exp))
                return $"unexpected metric {s.Labels} in result, has {FormatPoints(s.Samples)}";
            seen.Add(s.Labels);
            expected.Clear();
            for (int i = 0; i < exp.Values.Count; i++)
            {
                long ts = ev.StartMs + i * ev.StepMs;
                if (ev.EndMs == long.MinValue || ts > ev.EndMs)
                    return $"expected {exp.Values.Count} points for {s.Labels}, but query time range cannot return this many points";
                SequenceValue e = exp.Values[i];
                if (e.IsHistogram) return $"expected histogram points for {s.Labels}; histograms are not supported yet";
                if (!e.Omitted) expected.Add(new Sample(ts, e.Value));
            }
            ReadOnlySpan<Sample> actual = s.Samples;
            if (expected.Count != actual.Length)
                return $"expected {expected.Count} float points for {s.Labels}, but got {FormatPoints(actual)}";
            for (int i = 0; i < expected.Count; i++)
            {
                if (expected[i].TimestampMs != actual[i].TimestampMs)
                    return $"expected float value at index {i} for {s.Labels} to have timestamp {expected[i].TimestampMs}, but it had timestamp {actual[i].TimestampMs}";
                if (!AlmostEqual(expected[i].Value, actual[i].Value))
                    return $"expected float value at index {i} (t={actual[i].TimestampMs}) for {s.Labels} to be {Format(expected[i].Value)}, but got {Format(actual[i].Value)}";
            }
        }
        foreach (LabelSet labels in ev.Expected.Keys)
        {
            if (!seen.Contains(labels)) return $"expected metric {labels} not found";
        }
        return null;
    }

    /// <summary>Matrix results must be sorted by label set (upstream's <c>assertMatrixSorted</c>).</summary>
    public static string? CheckSorted(MatrixValue matrix)
    {
        for (int i = 0; i + 1 < matrix.Series.Count; i++)
        {
            if (matrix.Series[i].Labels.CompareTo(matrix.Series[i + 1].Labels) > 0)
                return $"matrix results should always be sorted by labels, but {matrix.Series[i + 1].Labels} comes after {matrix.Series[i].Labels}";
        }
        return null;
    }

    /// <summary>Upstream's <c>almost.Equal</c>: stale markers only equal each other, NaN equals NaN, else relative error.</summary>
    public static bool AlmostEqual(double a, double b)
    {
        if (StaleMarker.IsStale(a) || StaleMarker.IsStale(b)) return StaleMarker.IsStale(a) && StaleMarker.IsStale(b);
        if (double.IsNaN(a) && double.IsNaN(b)) return true;
        if (a == b) return true;
        double absSum = Math.Abs(a) + Math.Abs(b);
        double diff = Math.Abs(a - b);
        if (a == 0 || b == 0 || absSum < MinNormal) return diff < Epsilon * MinNormal;
        return diff / Math.Min(absSum, double.MaxValue) < Epsilon;
    }

    public static string Format(double v)
    {
        if (StaleMarker.IsStale(v)) return "stale";
        if (double.IsPositiveInfinity(v)) return "+Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        return double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);
    }

    private static string FormatValues(List<SequenceValue> values) =>
        "[" + string.Join(' ', values.Select(v => v.Omitted ? "_" : v.IsHistogram ? "{{...}}" : Format(v.Value))) + "]";

    private static string FormatPoints(ReadOnlySpan<Sample> points)
    {
        var parts = new List<string>(Math.Min(points.Length, 8));
        foreach (Sample p in points)
        {
            if (parts.Count == 8)
            {
                parts.Add("...");
                break;
            }
            parts.Add($"{Format(p.Value)} @{p.TimestampMs}");
        }
        return $"{points.Length} float points [{string.Join(", ", parts)}]";
    }
}
