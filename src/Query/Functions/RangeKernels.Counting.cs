using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

public static partial class RangeKernels
{
    /// <summary><c>resets(v[range])</c>: how often a value is lower than its predecessor.</summary>
    public static double? Resets(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        int resets = 0;
        for (int i = 1; i < window.Length; i++)
        {
            if (window[i].Value < window[i - 1].Value)
            {
                resets++;
            }
        }
        return resets;
    }

    /// <summary><c>changes(v[range])</c>: how often a value differs from its predecessor; NaN followed by NaN is no change.</summary>
    public static double? Changes(ReadOnlySpan<Sample> window)
    {
        if (window.IsEmpty)
        {
            return null;
        }
        int changes = 0;
        for (int i = 1; i < window.Length; i++)
        {
            double current = window[i].Value;
            double previous = window[i - 1].Value;
            if (current != previous && !(double.IsNaN(current) && double.IsNaN(previous)))
            {
                changes++;
            }
        }
        return changes;
    }
}
