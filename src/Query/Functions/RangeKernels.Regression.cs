using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

public static partial class RangeKernels
{
    /// <summary><c>deriv(v[range])</c>: per-second slope of a least-squares line through the window.</summary>
    /// <returns>Null with fewer than two samples; NaN if the window holds only one infinite value repeated, as in Prometheus.</returns>
    public static double? Deriv(ReadOnlySpan<Sample> window)
    {
        if (window.Length < 2)
        {
            return null;
        }
        // Prometheus anchors x at the first sample to keep x small and the sums accurate
        // (prometheus/prometheus#2674); the slope does not depend on the anchor.
        (double slope, _) = LinearRegression(window, window[0].TimestampMs);
        return slope;
    }

    /// <summary><c>predict_linear(v[range], duration)</c>: the least-squares line through the window, evaluated <paramref name="durationSeconds"/> after <paramref name="evalTimeMs"/>.</summary>
    /// <param name="window">Samples of the series.</param>
    /// <param name="evalTimeMs">The evaluation step's timestamp (Prometheus uses it even when the selector has an <c>@</c> modifier).</param>
    /// <param name="durationSeconds">How far past the evaluation time to predict.</param>
    public static double? PredictLinear(ReadOnlySpan<Sample> window, long evalTimeMs, double durationSeconds)
    {
        if (window.Length < 2)
        {
            return null;
        }
        (double slope, double intercept) = LinearRegression(window, evalTimeMs);
        return slope * durationSeconds + intercept;
    }

    /// <summary>Least-squares slope and the intercept at <paramref name="interceptTimeMs"/>, with Kahan-compensated sums as in Prometheus.</summary>
    private static (double Slope, double Intercept) LinearRegression(ReadOnlySpan<Sample> samples, long interceptTimeMs)
    {
        double n = 0;
        double sumX = 0, cX = 0;
        double sumY = 0, cY = 0;
        double sumXY = 0, cXY = 0;
        double sumX2 = 0, cX2 = 0;
        double initY = samples[0].Value;
        bool constY = true;
        for (int i = 0; i < samples.Length; i++)
        {
            Sample sample = samples[i];
            // NaN != NaN, so a NaN anywhere (even repeated) makes the series non-constant.
            if (constY && i > 0 && sample.Value != initY)
            {
                constY = false;
            }
            n += 1.0;
            double x = (double)(sample.TimestampMs - interceptTimeMs) / 1e3;
            sumX = KahanSummation.Inc(x, sumX, ref cX);
            sumY = KahanSummation.Inc(sample.Value, sumY, ref cY);
            sumXY = KahanSummation.Inc(x * sample.Value, sumXY, ref cXY);
            sumX2 = KahanSummation.Inc(x * x, sumX2, ref cX2);
        }
        if (constY)
        {
            // A constant series has slope zero exactly, unless the constant is infinite.
            return double.IsInfinity(initY) ? (double.NaN, double.NaN) : (0, initY);
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;

        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return (slope, intercept);
    }
}
