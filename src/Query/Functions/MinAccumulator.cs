namespace Metrics.Query.Functions;

/// <summary>The <c>min</c> aggregation: NaN is replaced by any later value, so the result is NaN only if every value is NaN.</summary>
public struct MinAccumulator : IFloatAccumulator
{
    private double _value;
    private bool _seen;

    /// <inheritdoc />
    public void Add(double value)
    {
        if (!_seen || _value > value || double.IsNaN(_value))
        {
            _value = value;
            _seen = true;
        }
    }

    /// <inheritdoc />
    public readonly double Result => _value;
}
