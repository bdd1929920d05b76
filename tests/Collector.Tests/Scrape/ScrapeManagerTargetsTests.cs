using Metrics.Collector.Scrape;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>Target sets from discovery: one loop per endpoint, unchanged targets keep their loop.</summary>
public sealed class ScrapeManagerTargetsTests : IDisposable
{
    private readonly CollectorMetrics _metrics = new();

    public void Dispose() => _metrics.Dispose();

    private static ScrapeTarget Target(string url, string pod) => new("pods", new Uri(url), LabelSet.FromPairs("job", "pods", "instance", "x", "pod", pod),
        TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), HonorLabels: false, HonorTimestamps: true);

    [Fact]
    public async Task Two_targets_for_one_url_run_one_loop_and_an_unchanged_target_keeps_its_loop()
    {
        using var manager = new ScrapeManager(new MemoryStorage(), TimeProvider.System, _metrics, NullLoggerFactory.Instance);
        await manager.StartAsync(CancellationToken.None);
        try
        {
            manager.ApplyTargets([Target("http://127.0.0.1:1/metrics", "a"), Target("http://127.0.0.1:1/metrics", "b"), Target("http://127.0.0.1:2/metrics", "c")]);
            // .NET 10 runs ExecuteAsync on the thread pool, so targets applied right after StartAsync may wait as pending.
            SpinWait.SpinUntil(() => manager.Loops.Count > 0, TimeSpan.FromSeconds(10));
            Assert.Equal(["a", "c"], manager.Loops.Select(l => l.Target.Labels.Get("pod")).Order());
            ScrapeLoop kept = manager.Loops.Single(l => l.Target.Labels.Get("pod") == "c");

            manager.ApplyTargets([Target("http://127.0.0.1:2/metrics", "c")]);
            Assert.Same(kept, Assert.Single(manager.Loops));
        }
        finally
        {
            await manager.StopAsync(CancellationToken.None);
        }
    }
}
