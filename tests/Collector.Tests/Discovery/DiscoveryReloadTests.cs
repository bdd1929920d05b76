using Metrics.Collector.Config;
using Metrics.Collector.Discovery;
using Metrics.Collector.Scrape;
using Metrics.Collector.Tests.Discovery.Kubernetes;
using Metrics.Store.Abstractions;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Discovery;

/// <summary>
/// <see cref="DiscoveryManager.ApplyConfigs"/> with a real scrape manager and HTTP target: an unchanged job keeps its
/// very loop (no restart, no staleness marker), a removed job's series end with staleness markers, and a changed job's
/// new loop takes the old one's series over, so only the series it no longer produces go stale.
/// </summary>
public sealed class DiscoveryReloadTests : IAsyncLifetime, IDisposable
{
    private TestServer _target = null!;
    private readonly MemoryStorage _storage = new();
    private readonly CollectorMetrics _metrics = new();

    public async Task InitializeAsync() =>
        _target = await TestServer.StartAsync(_ => { }, app => app.MapGet("/metrics", () => Results.Text("demo_total 42\n", "text/plain")));

    public async Task DisposeAsync() => await _target.DisposeAsync();

    public void Dispose() => _metrics.Dispose();

    private List<ScrapeConfig> Configs(params (string Job, string Version)[] jobs)
    {
        string yaml = "scrape_configs:\n" + string.Concat(jobs.Select(j => $"""
              - job_name: {j.Job}
                scrape_interval: 1s
                static_configs:
                  - targets: ["127.0.0.1:{_target.BaseAddress.Port}"]
                metric_relabel_configs:
                  - target_label: version
                    replacement: {j.Version}

            """));
        YamlSection root = YamlSection.Load(yaml, "t.yml");
        return [.. root.GetSectionList("scrape_configs").Select(s => ScrapeConfig.Parse(s, GlobalConfig.Default))];
    }

    private List<(LabelSet Labels, Sample Sample)> Samples(string metric, string job)
    {
        using ISeriesQuerier q = _storage.Querier(long.MinValue, long.MaxValue);
        var result = new List<(LabelSet, Sample)>();
        foreach (ISeries s in q.Select([LabelMatcher.Equal("__name__", metric), LabelMatcher.Equal("job", job)]))
        {
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) result.Add((s.Labels, it.At()));
        }
        return result;
    }

    private static ScrapeLoop? LoopOf(ScrapeManager scraper, string job) => scraper.Loops.FirstOrDefault(l => l.Target.Job == job);

    [Fact]
    public async Task Unchanged_jobs_keep_their_loop_removed_jobs_go_stale_and_changed_jobs_hand_their_series_over()
    {
        using var scraper = new ScrapeManager(_storage, TimeProvider.System, _metrics, NullLoggerFactory.Instance);
        using var manager = new DiscoveryManager(Configs(("keep", "v1"), ("gone", "v1"), ("changed", "v1")), scraper.ApplyTargets,
            new DiscoveryOptions { SelfAddress = "self:9090" }, NullLoggerFactory.Instance);
        await scraper.StartAsync(CancellationToken.None);
        await manager.StartAsync(CancellationToken.None);
        try
        {
            await GroupCollector.Eventually(() => scraper.Loops.Count == 3 && scraper.Loops.All(l => l.LastReport is not null), "three jobs scraped");
            ScrapeLoop kept = LoopOf(scraper, "keep")!;
            ScrapeLoop changedBefore = LoopOf(scraper, "changed")!;

            manager.ApplyConfigs(Configs(("keep", "v1"), ("changed", "v2"), ("added", "v1")), new HashSet<string>(["keep"]));

            await GroupCollector.Eventually(() => LoopOf(scraper, "gone") is null && LoopOf(scraper, "added")?.LastReport is not null
                && LoopOf(scraper, "changed") is { } c && !ReferenceEquals(c, changedBefore) && c.LastReport is not null, "the new job set running");
            await GroupCollector.Eventually(() => Samples("demo_total", "gone").Any(s => StaleMarker.IsStale(s.Sample.Value)), "the removed job's series to end");
            await GroupCollector.Eventually(() => Samples("demo_total", "changed").Any(s => s.Labels.Get("version") == "v1" && StaleMarker.IsStale(s.Sample.Value)),
                "the changed job's old series to end");
            // Let the kept loop scrape again after the reload, then check it never stopped.
            DateTimeOffset reloadedAt = DateTimeOffset.UtcNow;
            await GroupCollector.Eventually(() => kept.LastReport!.Time > reloadedAt, "a scrape of the kept job after the reload");

            Assert.Same(kept, LoopOf(scraper, "keep"));
            Assert.DoesNotContain(Samples("demo_total", "keep"), s => StaleMarker.IsStale(s.Sample.Value));
            Assert.DoesNotContain(Samples("up", "keep"), s => StaleMarker.IsStale(s.Sample.Value));
            // The changed job's report series are the same series before and after: handed over, never ended.
            Assert.DoesNotContain(Samples("up", "changed"), s => StaleMarker.IsStale(s.Sample.Value));
            Assert.Contains(Samples("demo_total", "changed"), s => s.Labels.Get("version") == "v2" && s.Sample.Value == 42);
            Assert.Contains(Samples("up", "gone"), s => StaleMarker.IsStale(s.Sample.Value));
            Assert.Equal(["added", "changed", "keep"], manager.TargetCounts.Keys.Order());
        }
        finally
        {
            await manager.StopAsync(CancellationToken.None);
            await scraper.StopAsync(CancellationToken.None);
        }
    }
}
