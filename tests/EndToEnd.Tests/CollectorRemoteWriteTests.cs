using System.Globalization;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// <c>metrics collector</c> against real peers: it scrapes a target whose values are known and
/// remote-writes into a real Prometheus, and into our own store across a store outage.
/// </summary>
public sealed class CollectorRemoteWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-collector-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> WriteCollectorConfigAsync(string target, Uri receiver)
    {
        string path = Path.Combine(_dir, "collector.yml");
        await File.WriteAllTextAsync(path, $"""
            global:
              scrape_interval: 1s
              external_labels: {"{"}cluster: e2e{"}"}
            scrape_configs:
              - job_name: static
                static_configs:
                  - targets: ["{target}"]
            remote_write:
              - url: {receiver}
                name: store
                queue_config:
                  batch_send_deadline: 200ms
                  min_backoff: 50ms
                  max_backoff: 1s
            """);
        return path;
    }

    [Fact]
    public async Task A_real_prometheus_receives_exactly_the_series_and_values_the_collector_scraped()
    {
        await using StaticTarget target = await StaticTarget.StartAsync();
        string promConfig = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(promConfig, "scrape_configs: []\n");
        await using RealPrometheus prometheus = await RealPrometheus.StartAsync(promConfig, Path.Combine(_dir, "prom"), true, "--web.enable-remote-write-receiver");
        string config = await WriteCollectorConfigAsync(target.Address, new Uri(prometheus.Http.BaseAddress!, "/api/v1/write"));
        await using MetricsProcess collector = await MetricsProcess.StartCollectorAsync(config, Path.Combine(_dir, "buffer"));

        string instance = target.Address;
        var expected = new Dictionary<string, string>
        {
            [$"e2e_requests_total{{cluster=\"e2e\",code=\"200\",instance=\"{instance}\",job=\"static\"}}"] = "1027",
            [$"e2e_requests_total{{cluster=\"e2e\",code=\"500\",instance=\"{instance}\",job=\"static\"}}"] = "3",
            [$"e2e_temperature_celsius{{cluster=\"e2e\",instance=\"{instance}\",job=\"static\"}}"] = "-4.5",
            [$"up{{cluster=\"e2e\",instance=\"{instance}\",job=\"static\"}}"] = "1",
            [$"scrape_samples_scraped{{cluster=\"e2e\",instance=\"{instance}\",job=\"static\"}}"] = "3",
            [$"scrape_samples_post_metric_relabeling{{cluster=\"e2e\",instance=\"{instance}\",job=\"static\"}}"] = "3",
        };
        // Several scrapes in, every series (except the timing ones) has exactly the scraped value at every timestamp.
        Dictionary<string, Dictionary<long, string>> received = await Poll.UntilAsync(async () =>
        {
            var series = await RangeAsync(prometheus.Http, "{job=\"static\",__name__!~\"scrape_duration_seconds|scrape_series_added\"}[1m]");
            return series.Count == expected.Count && series.Values.All(p => p.Count >= 3) ? series : null;
        }, TimeSpan.FromSeconds(60), "three scrapes in Prometheus\n" + collector.Output);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), received.Keys.Order(StringComparer.Ordinal));
        foreach (var (series, points) in received)
            Assert.All(points.Values, v => Assert.Equal(expected[series], v));

        // The collector reports its target and its shipping on its own endpoints.
        using var http = new HttpClient { BaseAddress = collector.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains($"\"scrapeUrl\":\"http://{instance}/metrics\"", await http.GetStringAsync("/api/v1/targets"), StringComparison.Ordinal);
        string self = await http.GetStringAsync("/metrics");
        Assert.Contains("metrics_remote_write_samples_sent_total{remote_name=\"store\"", self, StringComparison.Ordinal);
        Assert.Contains("metrics_remote_write_highest_sent_timestamp_seconds{remote_name=\"store\"", self, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_outage_of_twenty_seconds_leaves_no_gap_in_the_received_series()
    {
        await using StaticTarget target = await StaticTarget.StartAsync();
        string storeConfig = Path.Combine(_dir, "store.yml");
        await File.WriteAllTextAsync(storeConfig, "scrape_configs: []\n");
        string storeData = Path.Combine(_dir, "store");
        MetricsProcess store = await MetricsProcess.StartAllAsync(MetricsProcess.FreePort(), storeData, "--config.file", storeConfig);
        int storePort = store.Port;
        string config = await WriteCollectorConfigAsync(target.Address, new Uri(store.BaseAddress, "/api/v1/write"));
        await using MetricsProcess collector = await MetricsProcess.StartCollectorAsync(config, Path.Combine(_dir, "buffer"));
        try
        {
            using var http = new HttpClient { BaseAddress = store.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(async () => (await UpTimesAsync(http)).Count >= 3 ? "flowing" : null, TimeSpan.FromSeconds(60), "first scrapes in the store");
            long outageStart = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await store.DisposeAsync(keepData: true);   // SIGKILL
            await Task.Delay(TimeSpan.FromSeconds(20));   // the outage itself, not a wait for a condition
            long outageEnd = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            store = await MetricsProcess.StartAllAsync(storePort, storeData, "--config.file", storeConfig);

            // Wait until scrapes from after the restart have arrived: then the backlog is through.
            List<long> times = await Poll.UntilAsync(async () =>
            {
                List<long> t = await UpTimesAsync(http);
                return t.Count > 0 && t[^1] > outageEnd + 2_000 ? t : null;
            }, TimeSpan.FromSeconds(90), "scrapes after the outage\n" + collector.Output);

            Assert.True(times[0] < outageStart && times[^1] > outageEnd, $"the series should span the outage: {times[0]}..{times[^1]}");
            AssertEveryScrapeStored(target.ServedAt, times, from: times[0], upTo: times[^1] - 2_000, collector.Output);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scrapes_buffered_while_the_store_is_down_survive_a_crash_of_the_collector()
    {
        await using StaticTarget target = await StaticTarget.StartAsync();
        string storeConfig = Path.Combine(_dir, "store.yml");
        await File.WriteAllTextAsync(storeConfig, "scrape_configs: []\n");
        string storeData = Path.Combine(_dir, "store");
        MetricsProcess store = await MetricsProcess.StartAllAsync(MetricsProcess.FreePort(), storeData, "--config.file", storeConfig);
        int storePort = store.Port;
        string config = await WriteCollectorConfigAsync(target.Address, new Uri(store.BaseAddress, "/api/v1/write"));
        string buffer = Path.Combine(_dir, "buffer");
        MetricsProcess collector = await MetricsProcess.StartCollectorAsync(config, buffer);
        try
        {
            using var http = new HttpClient { BaseAddress = store.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(async () => (await UpTimesAsync(http)).Count >= 2 ? "flowing" : null, TimeSpan.FromSeconds(60), "first scrapes in the store");
            await store.DisposeAsync(keepData: true);
            // Scrapes continue into the buffer only; then the collector dies without any shutdown code.
            await Task.Delay(TimeSpan.FromSeconds(8));
            long killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await collector.KillAsync();
            await collector.DisposeAsync();

            store = await MetricsProcess.StartAllAsync(storePort, storeData, "--config.file", storeConfig);
            collector = await MetricsProcess.StartCollectorAsync(config, buffer);
            long restartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            List<long> times = await Poll.UntilAsync(async () =>
            {
                List<long> t = await UpTimesAsync(http);
                return t.Count > 0 && t[^1] > restartedAt + 2_000 ? t : null;
            }, TimeSpan.FromSeconds(90), "scrapes after the restart\n" + collector.Output);

            // Every scrape that finished before the kill arrived, including those only in the buffer.
            AssertEveryScrapeStored(target.ServedAt, times, from: times[0], upTo: killedAt - 2_000, collector.Output);
        }
        finally
        {
            await collector.DisposeAsync();
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Metrics_all_also_ships_to_its_remote_write_destinations()
    {
        await using StaticTarget target = await StaticTarget.StartAsync();
        string promConfig = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(promConfig, "scrape_configs: []\n");
        await using RealPrometheus prometheus = await RealPrometheus.StartAsync(promConfig, Path.Combine(_dir, "prom"), true, "--web.enable-remote-write-receiver");
        string config = await WriteCollectorConfigAsync(target.Address, new Uri(prometheus.Http.BaseAddress!, "/api/v1/write"));
        await using MetricsProcess all = await MetricsProcess.StartAllAsync("--config.file", config);
        using var ours = new HttpClient { BaseAddress = all.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // The same scrapes land in our own TSDB and in Prometheus.
        await Poll.UntilAsync(async () => (await UpTimesAsync(prometheus.Http)).Count >= 3 ? "shipped" : null, TimeSpan.FromSeconds(60), "samples in Prometheus\n" + all.Output);
        List<long> theirs = await UpTimesAsync(prometheus.Http);
        List<long> mine = await UpTimesAsync(ours);
        Assert.Subset(mine.ToHashSet(), theirs.ToHashSet());
        Assert.True(Directory.Exists(Path.Combine(all.DataDir, "remote-write", "store")), "the buffer lives under the TSDB path");
    }

    /// <summary>
    /// Each request the target served in [from, upTo] has a stored scrape whose timestamp (taken by the
    /// collector just before sending) is at most 2 s earlier: no scrape was lost.
    /// </summary>
    private static void AssertEveryScrapeStored(IReadOnlyList<long> servedAt, List<long> stored, long from, long upTo, string log)
    {
        int checkedCount = 0;
        foreach (long served in servedAt)
        {
            if (served < from || served > upTo) continue;
            checkedCount++;
            Assert.True(stored.Exists(t => t <= served && t > served - 2_000),
                $"the scrape served at {served} is missing; stored: {string.Join(", ", stored)}\n{log}");
        }
        Assert.True(checkedCount >= 3, $"only {checkedCount} scrapes in the checked range {from}..{upTo}");
    }

    /// <summary>Timestamps of <c>up{job="static"}</c> over the last five minutes, ascending.</summary>
    private static async Task<List<long>> UpTimesAsync(HttpClient http)
    {
        var series = await RangeAsync(http, "up{job=\"static\"}[5m]");
        return series.Count == 0 ? [] : [.. series.Single().Value.Keys.Order()];
    }

    /// <summary>Raw samples per series (labels in Prometheus's notation) of a range-selector query now.</summary>
    private static async Task<Dictionary<string, Dictionary<long, string>>> RangeAsync(HttpClient http, string query)
    {
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string url = string.Create(CultureInfo.InvariantCulture, $"/api/v1/query?query={Uri.EscapeDataString(query)}&time={now:F3}");
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync(url));
        var result = new Dictionary<string, Dictionary<long, string>>();
        foreach (JsonElement s in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = s.GetProperty("metric").EnumerateObject().Where(p => p.Name != "__name__")
                .Select(p => $"{p.Name}=\"{p.Value.GetString()}\"").Order(StringComparer.Ordinal);
            string name = s.GetProperty("metric").TryGetProperty("__name__", out JsonElement n) ? n.GetString()! : "";
            var points = new Dictionary<long, string>();
            foreach (JsonElement p in s.GetProperty("values").EnumerateArray())
                points[(long)Math.Round(p[0].GetDouble() * 1000)] = p[1].GetString()!;
            result[$"{name}{{{string.Join(",", labels)}}}"] = points;
        }
        return result;
    }
}
