namespace Metrics.Query.Functions;

/// <summary>Whole-group aggregation kernels: Prometheus's rank-interpolated <c>quantile</c> and a generic fold over an <see cref="IFloatAccumulator"/>.</summary>
public static class AggregationKernels
{
    /// <summary>The φ-quantile of <paramref name="values"/> as Prometheus's <c>quantile</c> aggregation and <c>quantile_over_time</c> compute it.</summary>
    /// <remarks>
    /// Sorts <paramref name="values"/> in place with NaN first (Prometheus treats NaN as smaller
    /// than everything), then interpolates linearly between the two values around rank
    /// <c>q * (n - 1)</c>. A NaN neighbour therefore makes the result NaN.
    /// </remarks>
    /// <returns>NaN for no values or NaN <paramref name="q"/>; -Inf for q &lt; 0; +Inf for q &gt; 1.</returns>
    public static double Quantile(double q, Span<double> values)
    {
        if (values.IsEmpty || double.IsNaN(q))
        {
            return double.NaN;
        }
        if (q < 0)
        {
            return double.NegativeInfinity;
        }
        if (q > 1)
        {
            return double.PositiveInfinity;
        }
        // double.CompareTo orders NaN below every number, which is Prometheus's order too.
        values.Sort();

        double n = values.Length;
        double rank = q * (n - 1);
        double lowerIndex = Math.Max(0, Math.Floor(rank));
        double upperIndex = Math.Min(n - 1, lowerIndex + 1);
        double weight = rank - Math.Floor(rank);
        return values[(int)lowerIndex] * (1 - weight) + values[(int)upperIndex] * weight;
    }

    /// <summary>Feeds every value to a fresh <typeparamref name="TAccumulator"/> in order and returns its result; meaningful only for a non-empty group.</summary>
    public static double Fold<TAccumulator>(ReadOnlySpan<double> values)
        where TAccumulator : struct, IFloatAccumulator
    {
        TAccumulator accumulator = default;
        foreach (double value in values)
        {
            accumulator.Add(value);
        }
        return accumulator.Result;
    }
}
