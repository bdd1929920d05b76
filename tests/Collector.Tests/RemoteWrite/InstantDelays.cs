using System.Collections.Concurrent;

namespace Metrics.Collector.Tests.RemoteWrite;

/// <summary>A clock whose delays (backoff, Retry-After, batch deadline) are recorded and then fire at once, so tests assert the waits, not the wall clock.</summary>
internal sealed class InstantDelays : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Requested { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan) Requested.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.FromMilliseconds(1), period);
    }
}
