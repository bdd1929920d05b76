namespace Metrics.Query.Functions;

/// <summary>The <c>stdvar</c> aggregation: population variance by Welford's method, as Prometheus.</summary>
public struct StdvarAccumulator : IFloatAccumulator
{
    private WelfordVariance _variance;

    /// <inheritdoc />
    public void Add(double value) => _variance.Add(value);

    /// <inheritdoc />
    public readonly double Result => _variance.Variance;
}
