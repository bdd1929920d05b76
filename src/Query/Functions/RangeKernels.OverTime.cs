using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

public static partial class RangeKernels
{
    /// <summary><c>avg_over_time</c>: Kahan-compensated direct mean, switching to an incremental mean once the running sum would overflow, as Prometheus does.</summary>
    public static double? AvgOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        // The same numerics as the avg aggregation (direct mean, incremental once the sum would overflow).
        var avg = new AvgAccumulator();
        foreach (Sample s in window)
        {
            avg.Add(s.Value);
        }
        return avg.Result;
    }

    /// <summary><c>sum_over_time</c>: Kahan-compensated sum; an infinite sum is returned without adding the compensation.</summary>
    public static double? SumOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double sum = 0, c = 0;
        foreach (Sample sample in window)
        {
            sum = KahanSummation.Inc(sample.Value, sum, ref c);
        }
        return double.IsInfinity(sum) ? sum : sum + c;
    }

    /// <summary><c>count_over_time</c>: the number of samples (the engine adds histogram samples, which Prometheus counts too).</summary>
    public static double? CountOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : window.Length;

    /// <summary><c>present_over_time</c>: 1 if the window holds any sample.</summary>
    public static double? PresentOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : 1;

    /// <summary><c>last_over_time</c> over float samples: the newest value.</summary>
    public static double? LastOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : window[^1].Value;

    /// <summary><c>first_over_time</c> over float samples: the oldest value.</summary>
    public static double? FirstOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : window[0].Value;

    /// <summary><c>ts_of_last_over_time</c> over float samples: the newest sample's timestamp in seconds.</summary>
    public static double? TsOfLastOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : (double)window[^1].TimestampMs / 1000;

    /// <summary><c>ts_of_first_over_time</c> over float samples: the oldest sample's timestamp in seconds.</summary>
    public static double? TsOfFirstOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : (double)window[0].TimestampMs / 1000;

    /// <summary><c>max_over_time</c>: the largest value; NaN only if every value is NaN.</summary>
    public static double? MaxOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double max = window[0].Value;
        foreach (Sample sample in window)
        {
            if (sample.Value > max || double.IsNaN(max))
            {
                max = sample.Value;
            }
        }
        return max;
    }

    /// <summary><c>min_over_time</c>: the smallest value; NaN only if every value is NaN.</summary>
    public static double? MinOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double min = window[0].Value;
        foreach (Sample sample in window)
        {
            if (sample.Value < min || double.IsNaN(min))
            {
                min = sample.Value;
            }
        }
        return min;
    }

    /// <summary><c>ts_of_max_over_time</c>: timestamp in seconds of the newest sample holding the maximum.</summary>
    public static double? TsOfMaxOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double max = window[0].Value;
        long at = window[0].TimestampMs;
        foreach (Sample sample in window)
        {
            // >= rather than >: ties move to the newest sample, as in Prometheus.
            if (sample.Value >= max || double.IsNaN(max))
            {
                max = sample.Value;
                at = sample.TimestampMs;
            }
        }
        return (double)at / 1000;
    }

    /// <summary><c>ts_of_min_over_time</c>: timestamp in seconds of the newest sample holding the minimum.</summary>
    public static double? TsOfMinOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double min = window[0].Value;
        long at = window[0].TimestampMs;
        foreach (Sample sample in window)
        {
            if (sample.Value <= min || double.IsNaN(min))
            {
                min = sample.Value;
                at = sample.TimestampMs;
            }
        }
        return (double)at / 1000;
    }
}
