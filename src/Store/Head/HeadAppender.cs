using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Head;

/// <summary>Stages samples (resolving series outside any global lock) and commits them through the head.</summary>
internal sealed class HeadAppender(TsdbHead head) : IAppender
{
    private readonly List<PendingSample> _pending = [];

    public void Append(LabelSet labels, long timestampMs, double value)
        => _pending.Add(new PendingSample(head.GetOrCreateSeries(labels), timestampMs, value));

    public AppendResult Commit()
    {
        try
        {
            return head.Commit(_pending);
        }
        finally
        {
            _pending.Clear();
        }
    }

    public void Rollback() => _pending.Clear();
}
