using System.Diagnostics;
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
using Xunit.Abstractions;

namespace Metrics.Collector.Tests.Discovery;

/// <summary>
/// The whole path: a pod appears in the (stand-in) API server, the manager relabels it into a
/// target, the scrape manager scrapes a real HTTP endpoint, and the pod's deletion stops the loop
/// and ends its series with staleness markers.
/// </summary>
public sealed class DiscoveryManagerTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private FakeKubernetesApi _api = null!;
    private TestServer _target = null!;
    private readonly MemoryStorage _storage = new();
    private readonly CollectorMetrics _metrics = new();
    private readonly Lock _gate = new();
    private readonly List<(long Ticks, IReadOnlyList<ScrapeTarget> Targets)> _applied = [];

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _target = await TestServer.StartAsync(_ => { }, app => app.MapGet("/stats", () => Results.Text("demo_total 42\n", "text/plain")));
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _api.DisposeAsync();
    }

    public void Dispose() => _metrics.Dispose();

    private List<ScrapeConfig> Configs(string jobsYaml)
    {
        YamlSection root = YamlSection.Load(jobsYaml.Replace("API", _api.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal), "t.yml");
        return [.. root.GetSectionList("scrape_configs").Select(s => ScrapeConfig.Parse(s, GlobalConfig.Default))];
    }

    private List<Sample> Samples(string metric)
    {
        using ISeriesQuerier q = _storage.Querier(long.MinValue, long.MaxValue);
        var result = new List<Sample>();
        foreach (ISeries s in q.Select([LabelMatcher.Equal("__name__", metric)]))
        {
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) result.Add(it.At());
        }
        return result;
    }

    private IReadOnlyList<ScrapeTarget> LastApplied
    {
        get { lock (_gate) return _applied.Count == 0 ? [] : _applied[^1].Targets; }
    }

    [Fact]
    public async Task An_annotated_pod_is_scraped_within_a_second_of_its_watch_event_and_its_deletion_ends_its_series()
    {
        List<ScrapeConfig> configs = Configs("""
            scrape_configs:
              - job_name: pods
                scrape_interval: 1s
                kubernetes_sd_configs:
                  - role: pod
                    api_server: API
                relabel_configs:
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
                    action: keep
                    regex: "true"
                  - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
                    regex: (.+)
                    target_label: __metrics_path__
                  - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
                    regex: ([^:]+)(?::\d+)?;(\d+)
                    replacement: $1:$2
                    target_label: __address__
                  - source_labels: [__meta_kubernetes_pod_name]
                    target_label: pod
            """);
        using var scraper = new ScrapeManager(_storage, TimeProvider.System, _metrics, NullLoggerFactory.Instance);
        using var manager = new DiscoveryManager(configs, (targets, _) =>
        {
            lock (_gate) _applied.Add((Stopwatch.GetTimestamp(), targets));
            scraper.ApplyTargets(targets);
        }, new DiscoveryOptions { SelfAddress = "self:9090" }, NullLoggerFactory.Instance);
        await scraper.StartAsync(CancellationToken.None);
        await manager.StartAsync(CancellationToken.None);
        try
        {
            await GroupCollector.Eventually(() => _api.ActiveWatches("pods") == 1, "discovery to watch pods");
            _api.Add("pods", KubernetesSamples.Pod("plain", annotated: false));
            // A first annotated pod warms the whole path up (JIT, regexes), so the measurement below is the pipeline's.
            _api.Add("pods", KubernetesSamples.Pod("warm-up", ip: "127.0.0.2", port: 1));
            await GroupCollector.Eventually(() => LastApplied.Any(t => t.Labels.Get("pod") == "warm-up"), "the warm-up pod's target");
            _api.Delete("pods", "default", "warm-up");
            await GroupCollector.Eventually(() => LastApplied.Count == 0, "the warm-up pod's target to go");

            long eventAt = Stopwatch.GetTimestamp();
            _api.Add("pods", KubernetesSamples.Pod("web-1", ip: "127.0.0.1", port: _target.BaseAddress.Port, metricsPath: "/stats"));

            var url = new Uri($"http://127.0.0.1:{_target.BaseAddress.Port}/stats");
            await GroupCollector.Eventually(() => LastApplied.Any(t => t.Url == url), "the pod's target");
            long appliedAt;
            lock (_gate) appliedAt = _applied.First(a => a.Ticks > eventAt && a.Targets.Any(t => t.Url == url)).Ticks;
            output.WriteLine($"watch event -> target applied: {Stopwatch.GetElapsedTime(eventAt, appliedAt).TotalMilliseconds:F0} ms");
            Assert.True(Stopwatch.GetElapsedTime(eventAt, appliedAt) < TimeSpan.FromSeconds(1),
                $"target applied {Stopwatch.GetElapsedTime(eventAt, appliedAt).TotalMilliseconds} ms after the watch event");
            ScrapeTarget target = Assert.Single(LastApplied);   // the unannotated pod was dropped by relabeling
            Assert.Equal("web-1", target.Labels.Get("pod"));

            await GroupCollector.Eventually(() => Samples("demo_total").Any(s => s.Value == 42), "a scrape of the pod");
            _api.Delete("pods", "default", "web-1");
            await GroupCollector.Eventually(() => LastApplied.Count == 0, "the deleted pod's target to go");
            await GroupCollector.Eventually(() => Samples("demo_total").Any(s => StaleMarker.IsStale(s.Value)), "a staleness marker on the pod's series");
            Assert.Contains(Samples("up"), s => StaleMarker.IsStale(s.Value));
            Assert.Empty(scraper.Loops);
        }
        finally
        {
            await manager.StopAsync(CancellationToken.None);
            await scraper.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Static_and_file_targets_of_one_job_are_combined_and_file_labels_override_nothing_they_should_not()
    {
        string dir = Directory.CreateTempSubdirectory("sd-mgr-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "a.json"), """[{"targets": ["b:2"], "labels": {"team": "db"}}]""");
            List<ScrapeConfig> configs = Configs($"""
                scrape_configs:
                  - job_name: mixed
                    static_configs:
                      - targets: ["a:1"]
                    file_sd_configs:
                      - files: ["{dir}/*.json"]
                """);
            using var manager = new DiscoveryManager(configs, (targets, _) => { lock (_gate) _applied.Add((0, targets)); },
                new DiscoveryOptions { SelfAddress = "self:9090" }, NullLoggerFactory.Instance);
            await manager.StartAsync(CancellationToken.None);
            await GroupCollector.Eventually(() => LastApplied.Count == 2, "static and file targets");
            await manager.StopAsync(CancellationToken.None);
            Assert.Equal(["a:1", "b:2"], LastApplied.Select(t => t.Instance).Order());
            ScrapeTarget fromFile = LastApplied.Single(t => t.Instance == "b:2");
            Assert.Equal("{instance=\"b:2\", job=\"mixed\", team=\"db\"}", fromFile.Labels.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
