namespace Metrics.Query.Functions;

/// <summary>The <c>sum</c> aggregation: Kahan-compensated, as Prometheus sums floats.</summary>
public struct SumAccumulator : IFloatAccumulator
{
    private double _sum;
    private double _compensation;
    private bool _seen;

    /// <inheritdoc />
    public void Add(double value)
    {
        if (!_seen)
        {
            // Prometheus seeds the group with the first value instead of adding it to zero.
            _sum = value;
            _seen = true;
            return;
        }
        _sum = KahanSummation.Inc(value, _sum, ref _compensation);
    }

    /// <inheritdoc />
    public readonly double Result => _sum + _compensation;
}
