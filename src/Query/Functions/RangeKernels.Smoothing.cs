using System.Globalization;
using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

public static partial class RangeKernels
{
    /// <summary><c>double_exponential_smoothing(v[range], sf, tf)</c> (formerly <c>holt_winters</c>): the smoothed value at the last sample.</summary>
    /// <param name="window">Samples of the series.</param>
    /// <param name="smoothingFactor">sf, must satisfy 0 &lt; sf &lt; 1 (NaN passes, as in Prometheus).</param>
    /// <param name="trendFactor">tf, must satisfy 0 &lt; tf &lt; 1 (NaN passes, as in Prometheus).</param>
    /// <returns>Null with fewer than two samples.</returns>
    /// <exception cref="ArgumentException">A factor is out of range; Prometheus fails the whole query with this message, even for series with too few samples.</exception>
    public static double? DoubleExponentialSmoothing(ReadOnlySpan<Sample> window, double smoothingFactor, double trendFactor)
    {
        string? error = SmoothingFactorError(smoothingFactor, trendFactor);
        if (error is not null)
        {
            throw new ArgumentException(error);
        }
        if (window.Length < 2)
        {
            return null;
        }

        double sf = smoothingFactor, tf = trendFactor;
        double s0 = 0;
        double s1 = window[0].Value;
        double b = window[1].Value - window[0].Value;
        for (int i = 1; i < window.Length; i++)
        {
            double x = sf * window[i].Value;
            // The trend starts as the first difference and is only updated from the second step on.
            if (i > 1)
            {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }

    /// <summary>Prometheus's query error for a smoothing or trend factor outside (0, 1), or null when both are acceptable.</summary>
    public static string? SmoothingFactorError(double smoothingFactor, double trendFactor)
    {
        // Written as Prometheus writes it, so NaN is accepted.
        if (smoothingFactor <= 0 || smoothingFactor >= 1)
        {
            return "invalid smoothing factor. Expected: 0 < sf < 1, got: " + FormatGoPercentF(smoothingFactor);
        }
        if (trendFactor <= 0 || trendFactor >= 1)
        {
            return "invalid trend factor. Expected: 0 < tf < 1, got: " + FormatGoPercentF(trendFactor);
        }
        return null;
    }

    // Go's %f: six decimals, and +Inf/-Inf spelled with a sign.
    private static string FormatGoPercentF(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ => value.ToString("F6", CultureInfo.InvariantCulture),
    };
}
