using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

/// <summary>Which sample-to-sample event a prefix count tracks.</summary>
internal enum WindowCount
{
    None,

    /// <summary>A value below its predecessor (<c>resets</c>, and the reset correction of <c>rate</c>/<c>increase</c>).</summary>
    Resets,

    /// <summary>A value different from its predecessor, NaN after NaN being no change (<c>changes</c>).</summary>
    Changes,
}

/// <summary>
/// Prefix counts of sample-to-sample events over a whole series, so the count inside any window
/// [lo, hi) is <c>prefix[hi - 1] - prefix[lo]</c>: O(1) per step instead of a scan of the window.
/// Counts are integers, so the result is exactly what <see cref="RangeKernels.Resets"/> and
/// <see cref="RangeKernels.Changes"/> return for the same window.
/// </summary>
internal static class WindowCounts
{
    /// <summary>The count a range function can use, or <see cref="WindowCount.None"/>.</summary>
    public static WindowCount For(string? function) => function switch
    {
        "resets" or "rate" or "increase" => WindowCount.Resets,
        "changes" => WindowCount.Changes,
        _ => WindowCount.None,
    };

    /// <summary>prefix[k] = events between consecutive samples up to index k (prefix[0] = 0).</summary>
    public static void Fill(WindowCount kind, ReadOnlySpan<Sample> samples, Span<int> prefix)
    {
        if (samples.IsEmpty) return;
        prefix[0] = 0;
        int running = 0;
        double previous = samples[0].Value;
        for (int k = 1; k < samples.Length; k++)
        {
            double current = samples[k].Value;
            // The same comparisons as the window kernels: NaN never counts as a reset, and is a change unless NaN follows NaN.
            bool counts = kind == WindowCount.Resets
                ? current < previous
                : current != previous && !(double.IsNaN(current) && double.IsNaN(previous));
            if (counts) running++;
            prefix[k] = running;
            previous = current;
        }
    }
}
