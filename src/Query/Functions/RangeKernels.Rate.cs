using Metrics.Store.Samples;

namespace Metrics.Query.Functions;

public static partial class RangeKernels
{
    // Prometheus extrapolates to a range boundary only if the gap to it is below this multiple
    // of the average sample interval; beyond it the series is assumed to start or end inside
    // the range and is extrapolated by half an interval only.
    private const double ExtrapolationThresholdFactor = 1.1;

    /// <summary>The shared kernel of <c>rate</c>, <c>increase</c> and <c>delta</c>: the change over the window, extrapolated towards the range boundaries.</summary>
    /// <param name="window">Samples in <c>(rangeStartMs, rangeEndMs]</c>.</param>
    /// <param name="rangeStartMs">Evaluation time minus range and offset.</param>
    /// <param name="rangeEndMs">Evaluation time minus offset.</param>
    /// <param name="rangeSeconds">The selector's range in seconds, see <see cref="RangeSeconds"/>.</param>
    /// <param name="isCounter">True for rate and increase: decreases count as counter resets and extrapolation stops at the counter's zero point.</param>
    /// <param name="isRate">True for rate: the result is per second of range.</param>
    /// <returns>Null when the window holds fewer than two samples.</returns>
    /// <param name="knownNoResets">The caller knows that no value in the window is below its predecessor (from a prefix count): the reset scan, which would add nothing, is skipped.</param>
    public static double? ExtrapolatedRate(ReadOnlySpan<Sample> window, long rangeStartMs, long rangeEndMs, double rangeSeconds, bool isCounter, bool isRate, bool knownNoResets = false)
    {
        if (window.Length < 2)
        {
            return null;
        }

        Sample first = window[0];
        Sample last = window[^1];
        double result = last.Value - first.Value;
        if (isCounter && !knownNoResets)
        {
            // A decrease is a reset to zero, so everything counted before it is added back.
            for (int i = 1; i < window.Length; i++)
            {
                double previous = window[i - 1].Value;
                if (window[i].Value < previous)
                {
                    result += previous;
                }
            }
        }

        double durationToStart = (double)(first.TimestampMs - rangeStartMs) / 1000;
        double durationToEnd = (double)(rangeEndMs - last.TimestampMs) / 1000;
        double sampledInterval = (double)(last.TimestampMs - first.TimestampMs) / 1000;
        double averageDurationBetweenSamples = sampledInterval / (window.Length - 1);

        double extrapolationThreshold = averageDurationBetweenSamples * ExtrapolationThresholdFactor;
        if (durationToStart >= extrapolationThreshold)
        {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        if (isCounter)
        {
            // A counter cannot go below zero: if extrapolating the slope backwards reaches zero
            // before the range start, the series is taken to start at that zero point.
            double durationToZero = durationToStart;
            if (result > 0 && first.Value >= 0)
            {
                durationToZero = sampledInterval * (first.Value / result);
            }
            if (durationToZero < durationToStart)
            {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= extrapolationThreshold)
        {
            durationToEnd = averageDurationBetweenSamples / 2;
        }

        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate)
        {
            factor /= rangeSeconds;
        }
        return result * factor;
    }

    /// <summary><c>rate(v[range])</c>: per-second increase of a counter, with Prometheus's extrapolation.</summary>
    public static double? Rate(ReadOnlySpan<Sample> window, long rangeStartMs, long rangeEndMs, bool knownNoResets = false)
        => ExtrapolatedRate(window, rangeStartMs, rangeEndMs, RangeSeconds(rangeEndMs - rangeStartMs), isCounter: true, isRate: true, knownNoResets);

    /// <summary><c>increase(v[range])</c>: increase of a counter over the range, with Prometheus's extrapolation.</summary>
    public static double? Increase(ReadOnlySpan<Sample> window, long rangeStartMs, long rangeEndMs, bool knownNoResets = false)
        => ExtrapolatedRate(window, rangeStartMs, rangeEndMs, RangeSeconds(rangeEndMs - rangeStartMs), isCounter: true, isRate: false, knownNoResets);

    /// <summary><c>delta(v[range])</c>: change of a gauge over the range, with Prometheus's extrapolation.</summary>
    public static double? Delta(ReadOnlySpan<Sample> window, long rangeStartMs, long rangeEndMs)
        => ExtrapolatedRate(window, rangeStartMs, rangeEndMs, RangeSeconds(rangeEndMs - rangeStartMs), isCounter: false, isRate: false);

    /// <summary><c>irate(v[range])</c>: per-second rate between the last two samples, treating a decrease as a counter reset.</summary>
    public static double? IRate(ReadOnlySpan<Sample> window) => InstantValue(window, isRate: true);

    /// <summary><c>idelta(v[range])</c>: difference between the last two samples.</summary>
    public static double? IDelta(ReadOnlySpan<Sample> window) => InstantValue(window, isRate: false);

    private static double? InstantValue(ReadOnlySpan<Sample> window, bool isRate)
    {
        if (window.Length < 2)
        {
            return null;
        }
        Sample previous = window[^2];
        Sample last = window[^1];
        long sampledIntervalMs = last.TimestampMs - previous.TimestampMs;
        if (sampledIntervalMs == 0)
        {
            return null;
        }

        // After a counter reset the counter restarted from zero, so the last value is the increase.
        // The comparison is false for NaN, so a NaN on either side yields NaN, as in Prometheus.
        double result = isRate && last.Value < previous.Value ? last.Value : last.Value - previous.Value;
        if (isRate)
        {
            result /= (double)sampledIntervalMs / 1000;
        }
        return result;
    }
}
