namespace Metrics.Query.Ast;

/// <summary>Which functions accept the experimental <c>anchored</c> and <c>smoothed</c> range selectors.</summary>
public static class ExtendedRangeModifiers
{
    public static readonly string[] AnchoredFunctions = ["changes", "delta", "increase", "rate", "resets"];
    public static readonly string[] SmoothedFunctions = ["delta", "increase", "rate"];

    /// <summary>Prometheus's error text when <paramref name="selector"/>'s modifier does not fit <paramref name="function"/>, else null.</summary>
    /// <remarks>Prometheus raises it when the query runs, not as a parse error, so it carries no position.</remarks>
    public static string? Check(string function, VectorSelector selector)
    {
        if (selector.Anchored && Array.IndexOf(AnchoredFunctions, function) < 0)
            return $"anchored modifier can only be used with: {string.Join(", ", AnchoredFunctions)} - not with {function}";
        if (selector.Smoothed && Array.IndexOf(SmoothedFunctions, function) < 0)
            return $"smoothed modifier can only be used with: {string.Join(", ", SmoothedFunctions)} - not with {function}";
        return null;
    }
}
