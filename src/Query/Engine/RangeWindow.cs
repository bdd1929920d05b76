namespace Metrics.Query.Engine;

/// <summary>Where a range function is evaluated: the left-open window (StartMs, EndMs] and the step's scalar arguments.</summary>
internal readonly record struct RangeWindow(long StartMs, long EndMs, long RangeMs, long EvalMs, double Arg1, double Arg2)
{
    public double RangeSeconds => RangeMs / 1000.0;

    /// <summary>True when the engine knows that no sample in the window is below its predecessor, so rate and increase skip their reset scan.</summary>
    public bool NoCounterResets { get; init; }
}
