namespace Metrics.Query.Functions;

/// <summary>The numeric kernels of PromQL's range-vector functions (<c>rate</c>, <c>*_over_time</c>, <c>deriv</c>, ...) over float samples, computed as Prometheus 3 computes them.</summary>
/// <remarks>
/// Every kernel takes the float samples of one series inside the left-open window
/// <c>(t - range, t]</c>, in time order, with stale markers already removed, and returns the
/// output value or <see langword="null"/> when Prometheus emits no sample for that series at
/// that step. Kernels never allocate; the few that sort take a caller-supplied scratch span
/// (or rent one from <see cref="System.Buffers.ArrayPool{T}"/> in their convenience overloads).
/// Native histogram samples are not handled here: the engine drops them (with Prometheus's
/// annotations) before calling a float kernel.
/// </remarks>
public static partial class RangeKernels
{
    /// <summary>Converts a range in milliseconds to seconds exactly as Go's <c>time.Duration.Seconds()</c> does.</summary>
    /// <remarks>
    /// Go splits the duration into whole seconds plus a nanosecond remainder and adds the two as
    /// floats, which can differ by one ulp from <c>rangeMs / 1000.0</c> (e.g. for 1001 ms). Rate
    /// divides by this value, so using the same formula keeps results bit-identical.
    /// </remarks>
    public static double RangeSeconds(long rangeMs)
    {
        long wholeSeconds = rangeMs / 1000;
        long remainderNanos = (rangeMs % 1000) * 1_000_000;
        return wholeSeconds + remainderNanos / 1e9;
    }
}
