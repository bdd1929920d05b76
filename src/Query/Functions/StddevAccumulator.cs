namespace Metrics.Query.Functions;

/// <summary>The <c>stddev</c> aggregation: square root of the population variance by Welford's method, as Prometheus.</summary>
public struct StddevAccumulator : IFloatAccumulator
{
    private WelfordVariance _variance;

    /// <inheritdoc />
    public void Add(double value) => _variance.Add(value);

    /// <inheritdoc />
    public readonly double Result => Math.Sqrt(_variance.Variance);
}
