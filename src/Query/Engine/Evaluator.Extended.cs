using Metrics.Query.Functions;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// The experimental extended range selectors. <c>anchored</c> adds the last sample at or before
    /// the range start (within the lookback) and computes without extrapolation; <c>smoothed</c>
    /// replaces both ends by values interpolated at the range boundaries (from zero across a
    /// counter reset). Only rate, increase, delta (and for anchored, changes and resets) accept them.
    /// </summary>
    private double? ExtendedRangeValue(string function, bool smoothed, ReadOnlySpan<Sample> samples, int lo, int hi, long start, long end, long rangeMs)
    {
        long lookback = LookbackMs;
        bool counter = function is "rate" or "increase";
        var points = new List<Sample>(hi - lo + 2);
        if (smoothed)
        {
            int before = lo - 1, after = hi;
            bool hasBefore = before >= 0 && samples[before].TimestampMs > start - lookback;
            bool hasAfter = after < samples.Length && samples[after].TimestampMs <= end + lookback;
            if (lo >= hi && !(hasBefore && hasAfter)) return null;
            double startValue = hasBefore && (lo < hi || hasAfter)
                ? Interpolate(samples[before], lo < hi ? samples[lo] : samples[after], start, counter)
                : samples[lo < hi ? lo : after].Value;
            Sample lastInside = lo < hi ? samples[hi - 1] : samples[before];
            double endValue = hasAfter ? Interpolate(lastInside, samples[after], end, counter) : lastInside.Value;
            points.Add(new Sample(start, startValue));
            for (int i = lo; i < hi; i++) points.Add(samples[i]);
            points.Add(new Sample(end, endValue));
        }
        else
        {
            if (lo >= hi) return null;   // the anchor alone does not make a result: the window itself must have a sample
            if (lo > 0 && samples[lo - 1].TimestampMs > start - lookback) points.Add(samples[lo - 1]);
            for (int i = lo; i < hi; i++) points.Add(samples[i]);
            if (points.Count == 0) return null;
        }
        ReadOnlySpan<Sample> span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points);
        switch (function)
        {
            case "changes": return RangeKernels.Changes(span);
            case "resets": return RangeKernels.Resets(span);
        }
        double result = span[^1].Value - span[0].Value;
        if (counter)
        {
            for (int i = 1; i < span.Length; i++)
                if (span[i].Value < span[i - 1].Value) result += span[i - 1].Value;
        }
        return function == "rate" ? result / RangeKernels.RangeSeconds(rangeMs) : result;
    }

    /// <summary>The value at <paramref name="t"/> on the line between two samples; a counter that reset restarts from zero.</summary>
    private static double Interpolate(Sample left, Sample right, long t, bool counter)
    {
        double from = counter && right.Value < left.Value ? 0 : left.Value;
        double span = right.TimestampMs - left.TimestampMs;
        return span <= 0 ? right.Value : from + (right.Value - from) * (t - left.TimestampMs) / span;
    }
}
