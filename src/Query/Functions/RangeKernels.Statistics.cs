using System.Buffers;
using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

public static partial class RangeKernels
{
    /// <summary><c>quantile_over_time(q, v[range])</c>, interpolating between ranks as the <c>quantile</c> aggregation does.</summary>
    /// <param name="q">The quantile; below 0 gives -Inf, above 1 gives +Inf, NaN gives NaN (the engine adds Prometheus's warning).</param>
    /// <param name="window">Samples of the series.</param>
    /// <param name="scratch">At least <c>window.Length</c> doubles; overwritten.</param>
    public static double? QuantileOverTime(double q, ReadOnlySpan<Sample> window, Span<double> scratch)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        Span<double> values = CopyValues(window, scratch);
        return AggregationKernels.Quantile(q, values);
    }

    /// <summary><c>quantile_over_time(q, v[range])</c> with scratch space rented from the shared array pool.</summary>
    public static double? QuantileOverTime(double q, ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double[] rented = ArrayPool<double>.Shared.Rent(window.Length);
        try
        {
            return QuantileOverTime(q, window, rented);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary><c>mad_over_time(v[range])</c>: the median of the absolute deviations from the median; NaN if any sample is NaN.</summary>
    /// <param name="window">Samples of the series.</param>
    /// <param name="scratch">At least <c>window.Length</c> doubles; overwritten.</param>
    public static double? MadOverTime(ReadOnlySpan<Sample> window, Span<double> scratch)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        Span<double> values = CopyValues(window, scratch);
        // A NaN makes the median undefined; Prometheus propagates it instead of sorting it first.
        foreach (double value in values)
        {
            if (double.IsNaN(value))
            {
                return double.NaN;
            }
        }
        double median = AggregationKernels.Quantile(0.5, values);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }
        return AggregationKernels.Quantile(0.5, values);
    }

    /// <summary><c>mad_over_time(v[range])</c> with scratch space rented from the shared array pool.</summary>
    public static double? MadOverTime(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        double[] rented = ArrayPool<double>.Shared.Rent(window.Length);
        try
        {
            return MadOverTime(window, rented);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary><c>stdvar_over_time</c>: population variance by Welford's method with Kahan-compensated mean and sum of squares.</summary>
    public static double? StdvarOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : VarianceOverTime(window);

    /// <summary><c>stddev_over_time</c>: square root of <see cref="StdvarOverTime"/>.</summary>
    public static double? StddevOverTime(ReadOnlySpan<Sample> window) => window.IsEmpty ? null : Math.Sqrt(VarianceOverTime(window));

    private static double VarianceOverTime(ReadOnlySpan<Sample> window)
    {
        double count = 0;
        double mean = 0, cMean = 0;
        double aux = 0, cAux = 0;
        foreach (Sample sample in window)
        {
            double value = sample.Value;
            count++;
            double delta = value - (mean + cMean);
            mean = KahanSummation.Inc(delta / count, mean, ref cMean);
            aux = KahanSummation.Inc(delta * (value - (mean + cMean)), aux, ref cAux);
        }
        return (aux + cAux) / count;
    }

    private static Span<double> CopyValues(ReadOnlySpan<Sample> window, Span<double> scratch)
    {
        if (scratch.Length < window.Length)
        {
            throw new ArgumentException("The scratch span must hold at least one double per sample.", nameof(scratch));
        }
        Span<double> values = scratch[..window.Length];
        for (int i = 0; i < window.Length; i++)
        {
            values[i] = window[i].Value;
        }
        return values;
    }
}
