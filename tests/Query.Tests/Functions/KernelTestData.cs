using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Functions;

/// <summary>Builds series the way Prometheus's promqltest <c>load</c> directive does, and cuts the left-open windows the engine hands to the kernels.</summary>
internal static class KernelTestData
{
    public const long Second = 1000;
    public const long Minute = 60 * Second;

    /// <summary>One sample per value, <paramref name="stepMs"/> apart from t=0; NaN entries become samples, <c>null</c> entries are gaps (<c>_</c>).</summary>
    public static Sample[] Load(long stepMs, params double?[] values)
    {
        var samples = new List<Sample>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is double v)
            {
                samples.Add(new Sample(i * stepMs, v));
            }
        }
        return [.. samples];
    }

    /// <summary>The expansion of <c>start+incrementxtimes</c>: times + 1 samples.</summary>
    public static double?[] Seq(double start, double increment, int times)
    {
        var values = new double?[times + 1];
        for (int i = 0; i <= times; i++)
        {
            values[i] = start + increment * i;
        }
        return values;
    }

    /// <summary>Concatenates value sequences, as <c>0+10x4 0+10x5</c> in a load line.</summary>
    public static double?[] Concat(params double?[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>The samples in the left-open range <c>(endMs - rangeMs, endMs]</c>.</summary>
    public static Sample[] Window(Sample[] series, long endMs, long rangeMs)
        => [.. series.Where(s => s.TimestampMs > endMs - rangeMs && s.TimestampMs <= endMs)];

    /// <summary>Equality within the relative tolerance promqltest uses (1e-6), with NaN equal to NaN and signed infinities exact.</summary>
    public static void Near(double expected, double? actual, double epsilon = 1e-6)
    {
        Assert.True(actual.HasValue, $"expected {expected:R} but the kernel produced no output");
        double a = actual!.Value;
        if (double.IsNaN(expected) || double.IsInfinity(expected) || expected == 0)
        {
            if (double.IsNaN(expected) && double.IsNaN(a))
            {
                return;
            }
            Assert.True(expected == a || (expected == 0 && Math.Abs(a) < 1e-300), $"expected {expected:R} but got {a:R}");
            return;
        }
        Assert.True(Math.Abs(expected - a) <= epsilon * Math.Abs(expected), $"expected {expected:R} but got {a:R}");
    }
}
