using Metrics.Collector.Config;
using Metrics.Collector.RemoteWrite;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.RemoteWrite;

/// <summary>Builds queues against a temp folder and bounded-polls for asynchronous effects.</summary>
internal static class RemoteWriteTestSupport
{
    public static RemoteWriteConfig Config(Uri url, string name, RemoteWriteQueueConfig? queue = null, long bufferBytes = RemoteWriteConfig.DefaultBufferBytes)
        => new()
        {
            Url = url,
            Name = name,
            Queue = queue ?? new RemoteWriteQueueConfig
            {
                MinBackoff = TimeSpan.FromMilliseconds(5),
                MaxBackoff = TimeSpan.FromMilliseconds(50),
                BatchSendDeadline = TimeSpan.FromMilliseconds(20),
            },
            BufferMaxBytes = bufferBytes,
        };

    public static RemoteWriteQueue Open(RemoteWriteConfig config, string dir, RemoteWriteMetrics metrics)
        => new(config, LabelSet.Empty, dir, metrics, TimeProvider.System, NullLogger.Instance);

    /// <summary>Appends one commit of <paramref name="count"/> samples: series s0..s(series-1) round-robin, timestamps from <paramref name="firstTs"/>.</summary>
    public static void AppendSamples(IAppendable target, int count, int series = 1, long firstTs = 1_000)
    {
        IAppender appender = target.CreateAppender();
        for (int i = 0; i < count; i++)
            appender.Append(LabelSet.FromPairs("__name__", "m", "series", "s" + (i % series)), firstTs + (i / series), i);
        appender.Commit();
    }

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(10);
        }
    }
}
