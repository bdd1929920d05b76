using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Store.Memory;

/// <summary>One series' samples in time order, guarded by its own lock so series append in parallel.</summary>
internal sealed class MemorySeries(LabelSet labels)
{
    private readonly List<Sample> _samples = [];

    public LabelSet Labels { get; } = labels;

    public AppendStatus TryAppend(long t, double v)
    {
        lock (_samples)
        {
            if (_samples.Count > 0)
            {
                Sample last = _samples[^1];
                if (t < last.TimestampMs) return AppendStatus.OutOfOrder;
                if (t == last.TimestampMs)
                {
                    // Bit comparison: a repeated NaN (or stale marker) is a duplicate, not a conflict.
                    return BitConverter.DoubleToUInt64Bits(v) == BitConverter.DoubleToUInt64Bits(last.Value)
                        ? AppendStatus.DuplicateIgnored
                        : AppendStatus.DuplicateTimestamp;
                }
            }
            _samples.Add(new Sample(t, v));
            return AppendStatus.Ok;
        }
    }

    /// <summary>A copy of the samples with min &lt;= t &lt;= max; queries never see later appends mid-read.</summary>
    public Sample[] Snapshot(long minTimeMs, long maxTimeMs)
    {
        lock (_samples)
        {
            int lo = LowerBound(minTimeMs);
            int hi = LowerBound(maxTimeMs == long.MaxValue ? long.MaxValue : maxTimeMs + 1);
            return hi > lo ? _samples.GetRange(lo, hi - lo).ToArray() : [];
        }
    }

    private int LowerBound(long t)
    {
        int lo = 0, hi = _samples.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_samples[mid].TimestampMs < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
