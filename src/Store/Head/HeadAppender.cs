using System.Collections.Concurrent;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Head;

/// <summary>Stages samples (resolving series outside any global lock) and commits them through the head.</summary>
internal sealed class HeadAppender(TsdbHead head) : IAppender
{
    // Staging lists are recycled between appenders: one scrape or request allocates no list growth.
    private static readonly ConcurrentBag<List<PendingSample>> Spare = [];
    private const int MaxPooledCapacity = 1 << 16;

    private List<PendingSample>? _pending;

    public void Append(LabelSet labels, long timestampMs, double value)
    {
        _pending ??= Spare.TryTake(out List<PendingSample>? list) ? list : new List<PendingSample>(256);
        _pending.Add(new PendingSample(head.GetOrCreateSeries(labels), timestampMs, value));
    }

    public AppendResult Commit()
    {
        if (_pending is null) return default;
        try
        {
            return head.Commit(_pending);
        }
        finally
        {
            Recycle();
        }
    }

    public void Rollback() => Recycle();

    private void Recycle()
    {
        if (_pending is null) return;
        _pending.Clear();
        if (_pending.Capacity <= MaxPooledCapacity && Spare.Count < 64) Spare.Add(_pending);
        _pending = null;
    }
}
