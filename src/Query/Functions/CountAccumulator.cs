namespace Metrics.Query.Functions;

/// <summary>The <c>count</c> aggregation: the number of samples in the group.</summary>
public struct CountAccumulator : IFloatAccumulator
{
    private double _count;

    /// <inheritdoc />
    public void Add(double value) => _count++;

    /// <inheritdoc />
    public readonly double Result => _count;
}
