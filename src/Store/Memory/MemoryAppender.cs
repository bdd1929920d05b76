using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Memory;

/// <summary>Stages samples and applies them on commit, so a batch is all-or-nothing for readers.</summary>
internal sealed class MemoryAppender(MemoryStorage storage) : IAppender
{
    private readonly List<(LabelSet Labels, long T, double V)> _pending = [];

    public void Append(LabelSet labels, long timestampMs, double value) => _pending.Add((labels, timestampMs, value));

    public AppendResult Commit()
    {
        int ok = 0, outOfOrder = 0, duplicate = 0;
        foreach (var (labels, t, v) in _pending)
        {
            switch (storage.GetOrCreate(labels).TryAppend(t, v))
            {
                case AppendStatus.Ok: ok++; break;
                case AppendStatus.OutOfOrder: outOfOrder++; break;
                case AppendStatus.DuplicateTimestamp: duplicate++; break;
            }
        }
        _pending.Clear();
        return new AppendResult(ok, outOfOrder, duplicate);
    }

    public void Rollback() => _pending.Clear();
}
