using Metrics.Collector.Config;
using Metrics.Store.Labels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.RemoteWrite;

/// <summary>Opens one <see cref="RemoteWriteQueue"/> per <c>remote_write</c> entry (each in its own buffer folder) and runs their senders.</summary>
public sealed class RemoteWriteManager : BackgroundService
{
    /// <param name="bufferRoot">Parent folder; each queue buffers in <c>bufferRoot/&lt;name&gt;</c>.</param>
    /// <exception cref="IOException">A buffer folder cannot be opened.</exception>
    public RemoteWriteManager(IReadOnlyList<RemoteWriteConfig> configs, LabelSet externalLabels, string bufferRoot,
        RemoteWriteMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
    {
        var queues = new List<RemoteWriteQueue>(configs.Count);
        try
        {
            foreach (RemoteWriteConfig config in configs)
            {
                queues.Add(new RemoteWriteQueue(config, externalLabels, Path.Combine(bufferRoot, config.Name), metrics, clock,
                    loggers.CreateLogger("Metrics.Collector.RemoteWrite")));
            }
        }
        catch
        {
            foreach (RemoteWriteQueue q in queues) q.Dispose();
            throw;
        }
        Queues = queues;
    }

    public IReadOnlyList<RemoteWriteQueue> Queues { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new Task[Queues.Count];
        for (int i = 0; i < running.Length; i++)
        {
            RemoteWriteQueue queue = Queues[i];
            running[i] = Task.Run(() => queue.RunAsync(stoppingToken), CancellationToken.None);
        }
        return Task.WhenAll(running);
    }

    public override void Dispose()
    {
        foreach (RemoteWriteQueue q in Queues) q.Dispose();
        base.Dispose();
    }
}
