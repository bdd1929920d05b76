using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// Sends every append to several storages (the local TSDB and each remote-write queue). The
/// first is the primary: its result is what the scrape loop sees; the others never refuse samples.
/// </summary>
public sealed class FanoutAppendable(IReadOnlyList<IAppendable> targets) : IAppendable
{
    public IAppender CreateAppender()
    {
        if (targets.Count == 1) return targets[0].CreateAppender();
        var appenders = new IAppender[targets.Count];
        for (int i = 0; i < appenders.Length; i++) appenders[i] = targets[i].CreateAppender();
        return new FanoutAppender(appenders);
    }

    private sealed class FanoutAppender(IAppender[] appenders) : IAppender
    {
        public void Append(LabelSet labels, long timestampMs, double value)
        {
            foreach (IAppender a in appenders) a.Append(labels, timestampMs, value);
        }

        public AppendResult Commit()
        {
            AppendResult primary = appenders[0].Commit();
            for (int i = 1; i < appenders.Length; i++) appenders[i].Commit();
            return primary;
        }

        public void Rollback()
        {
            foreach (IAppender a in appenders) a.Rollback();
        }
    }
}
