using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.ScrapeBench;

/// <summary>Storage that accepts and forgets everything, so a benchmark measures the scrape path alone.</summary>
internal sealed class NullStorage : IAppendable, IAppender
{
    private int _pending;

    public IAppender CreateAppender() => this;

    public void Append(LabelSet labels, long timestampMs, double value) => _pending++;

    public AppendResult Commit()
    {
        var result = new AppendResult(_pending, 0, 0);
        _pending = 0;
        return result;
    }

    public void Rollback() => _pending = 0;
}
