namespace Metrics.Query.Functions;

/// <summary>One bucket of a classic histogram: the <c>le</c> upper bound and the cumulative count of observations at or below it.</summary>
public record struct ClassicBucket(double UpperBound, double Count);
