namespace Metrics.Query.Functions;

/// <summary>The <c>group</c> aggregation: always 1 for a group that has a sample.</summary>
public struct GroupAccumulator : IFloatAccumulator
{
    /// <inheritdoc />
    public readonly void Add(double value)
    {
    }

    /// <inheritdoc />
    public readonly double Result => 1;
}
