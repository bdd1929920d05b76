namespace Metrics.Query.Functions;

/// <summary>Incremental state of one aggregation group (<c>sum</c>, <c>avg</c>, <c>min</c>, ...) fed one float sample at a time, in input-series order.</summary>
/// <remarks>
/// Implementations are mutable structs: start from <see langword="default"/>, call
/// <see cref="Add"/> for every sample of the group, then read <see cref="Result"/>. The
/// result is only meaningful after at least one sample, which matches Prometheus: a group
/// that saw no float sample produces no output. Use the struct through a generic
/// <c>where T : struct, IFloatAccumulator</c> parameter so calls are not boxed.
/// </remarks>
public interface IFloatAccumulator
{
    /// <summary>Feeds the next sample value of the group.</summary>
    void Add(double value);

    /// <summary>The aggregated value of everything added so far.</summary>
    double Result { get; }
}
