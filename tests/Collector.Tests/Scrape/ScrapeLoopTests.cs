using Metrics.Collector.Scrape;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>Scrapes a real HTTP target on 127.0.0.1 whose body the test controls.</summary>
public sealed class ScrapeLoopTests : IAsyncLifetime, IDisposable
{
    private TestServer _target = null!;
    private volatile string _body = "";
    private volatile int _status = 200;
    private readonly HttpClient _http = new();
    private readonly MemoryStorage _storage = new();
    private readonly CollectorMetrics _metrics = new();
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public async Task InitializeAsync()
    {
        _target = await TestServer.StartAsync(_ => { }, app => app.MapGet("/metrics", () => Results.Text(_body, "text/plain", statusCode: _status)));
    }

    public async Task DisposeAsync() => await _target.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _metrics.Dispose();
    }

    private ScrapeLoop NewLoop(bool honorLabels = false)
    {
        var target = new ScrapeTarget("job1", new Uri(_target.BaseAddress, "/metrics"),
            LabelSet.FromPairs("job", "job1", "instance", _target.BaseAddress.Authority, "env", "test"),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), honorLabels, HonorTimestamps: true);
        return new ScrapeLoop(target, _http, _storage, _clock, _metrics, NullLogger.Instance);
    }

    private List<(LabelSet Labels, Sample Sample)> All(string metric)
    {
        using ISeriesQuerier q = _storage.Querier(long.MinValue, long.MaxValue);
        var result = new List<(LabelSet, Sample)>();
        foreach (ISeries s in q.Select([LabelMatcher.Equal("__name__", metric)]))
        {
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) result.Add((s.Labels, it.At()));
        }
        return result;
    }

    [Fact]
    public async Task A_good_scrape_stores_samples_with_target_labels_and_up_1()
    {
        _body = "# TYPE requests_total counter\nrequests_total{path=\"/\"} 7\nexplicit 3 1600000000000\n";
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);

        Assert.Null(report.Error);
        Assert.Equal(2, report.SamplesScraped);
        Assert.Equal(2, report.SamplesAppended);
        var (labels, sample) = Assert.Single(All("requests_total"));
        Assert.Equal("/", labels.Get("path"));
        Assert.Equal("job1", labels.Get("job"));
        Assert.Equal("test", labels.Get("env"));
        Assert.Equal(new Sample(1_700_000_000_000, 7), sample);
        Assert.Equal(1_600_000_000_000, Assert.Single(All("explicit")).Sample.TimestampMs);
        Assert.Equal(1, Assert.Single(All("up")).Sample.Value);
        Assert.Equal(2, Assert.Single(All("scrape_samples_scraped")).Sample.Value);
        Assert.Single(All("scrape_duration_seconds"));
    }

    [Fact]
    public async Task One_bad_line_stores_nothing_from_the_scrape_and_sets_up_0_with_the_error()
    {
        _body = "good 1\nalso_good{a=\"b\"} 2\nbad{a=\"\\q\"} 3\n";
        ScrapeLoop loop = NewLoop();
        ScrapeReport report = await loop.ScrapeOnceAsync(CancellationToken.None);

        Assert.NotNull(report.Error);
        Assert.StartsWith("line 3:", report.Error, StringComparison.Ordinal);
        Assert.Equal(TargetHealth.Down, loop.LastReport!.Health);
        Assert.Empty(All("good"));
        Assert.Empty(All("also_good"));
        Assert.Equal(0, Assert.Single(All("up")).Sample.Value);
    }

    [Fact]
    public async Task An_http_error_status_is_a_failed_scrape()
    {
        _status = 500;
        _body = "x 1\n";
        ScrapeReport report = await NewLoop().ScrapeOnceAsync(CancellationToken.None);
        Assert.Equal("server returned HTTP status 500 Internal Server Error", report.Error);
        Assert.Empty(All("x"));
        Assert.Equal(0, Assert.Single(All("up")).Sample.Value);
    }

    [Fact]
    public async Task Series_that_vanish_get_a_stale_marker_and_a_failed_scrape_stales_everything()
    {
        ScrapeLoop loop = NewLoop();
        _body = "a 1\nb 2\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));
        _body = "a 1\n";
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.True(StaleMarker.IsStale(All("b")[^1].Sample.Value));
        Assert.Equal(1_700_000_005_000, All("b")[^1].Sample.TimestampMs);
        Assert.False(StaleMarker.IsStale(All("a")[^1].Sample.Value));

        _clock.Advance(TimeSpan.FromSeconds(5));
        _body = "a{";
        await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.True(StaleMarker.IsStale(All("a")[^1].Sample.Value));
        Assert.Equal(2, All("b").Count);   // not marked twice
    }

    [Fact]
    public async Task Colliding_labels_become_exported_unless_honor_labels()
    {
        _body = "m{job=\"theirs\",env=\"prod\"} 1\n";
        await NewLoop().ScrapeOnceAsync(CancellationToken.None);
        LabelSet kept = Assert.Single(All("m")).Labels;
        Assert.Equal("job1", kept.Get("job"));
        Assert.Equal("theirs", kept.Get("exported_job"));
        Assert.Equal("prod", kept.Get("exported_env"));

        _body = "h{job=\"theirs\"} 1\n";
        await NewLoop(honorLabels: true).ScrapeOnceAsync(CancellationToken.None);
        LabelSet honored = Assert.Single(All("h")).Labels;
        Assert.Equal("theirs", honored.Get("job"));
        Assert.False(honored.Has("exported_job"));
    }

    [Fact]
    public async Task Metric_relabel_configs_drop_samples_before_storage()
    {
        _body = "go_goroutines 5\nkeep_me 1\n";
        var target = new ScrapeTarget("job1", new Uri(_target.BaseAddress, "/metrics"), LabelSet.FromPairs("job", "job1", "instance", "x"),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), false, true)
        {
            MetricRelabelConfigs = [Metrics.Collector.Relabel.RelabelConfig.Create(Metrics.Collector.Relabel.RelabelAction.Drop, sourceLabels: ["__name__"], regex: "go_.*")],
        };
        var loop = new ScrapeLoop(target, _http, _storage, _clock, _metrics, NullLogger.Instance);
        ScrapeReport report = await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.Null(report.Error);
        Assert.Empty(All("go_goroutines"));
        Assert.Single(All("keep_me"));
        Assert.Equal(1, Assert.Single(All("scrape_samples_post_metric_relabeling")).Sample.Value);
        Assert.Equal(2, Assert.Single(All("scrape_samples_scraped")).Sample.Value);
    }

    [Fact]
    public async Task An_unreachable_target_is_down_with_the_connection_error()
    {
        var target = new ScrapeTarget("j", new Uri("http://127.0.0.1:1/metrics"), LabelSet.FromPairs("job", "j", "instance", "127.0.0.1:1"),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), false, true);
        var loop = new ScrapeLoop(target, _http, _storage, _clock, _metrics, NullLogger.Instance);
        ScrapeReport report = await loop.ScrapeOnceAsync(CancellationToken.None);
        Assert.StartsWith("Get \"http://127.0.0.1:1/metrics\":", report.Error, StringComparison.Ordinal);
    }
}
