using System.Globalization;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>A real Prometheus scrapes itself and remote-writes into our store; both then answer the same.</summary>
public sealed class PrometheusRemoteWriteTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-rw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Series_written_by_a_real_prometheus_equal_its_own_copy()
    {
        string ourConfig = Path.Combine(_dir, "metrics.yml");
        await File.WriteAllTextAsync(ourConfig, "scrape_configs: []\n");
        await using MetricsProcess ours = await MetricsProcess.StartAllAsync("--config.file", ourConfig);
        int promPort = MetricsProcess.FreePort();
        string promConfig = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(promConfig, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: prom
                static_configs:
                  - targets: ["127.0.0.1:{promPort}"]
            remote_write:
              - url: http://127.0.0.1:{ours.Port}/api/v1/write
                queue_config:
                  batch_send_deadline: 1s
            """);
        await using RealPrometheus prometheus = await RealPrometheus.StartAsync(promPort, promConfig, Path.Combine(_dir, "prom"), waitReady: false);
        HttpClient theirs = prometheus.Http;
        using var mine = new HttpClient { BaseAddress = ours.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        const string selector = "{job=\"prom\",__name__=~\"up|scrape_samples_scraped|prometheus_tsdb_head_series\"}";
        // Wait until several scrapes have arrived at our side.
        await Poll.UntilAsync(async () => (await RawAsync(mine, selector + "[1m]", Now())).Sum(s => s.Value.Count) >= 15 ? "arrived" : null,
            TimeSpan.FromSeconds(60), "remote-written samples in our store\n" + ours.Output);

        // Compare a window that has certainly been delivered: wait until a later scrape has arrived here.
        double at = Now() - 3;
        await Poll.UntilAsync(async () => (await RawAsync(mine, "up{job=\"prom\"}[1m]", Now())).Values
                .SelectMany(points => points.Keys).Any(t => t > at * 1000) ? "delivered" : null,
            TimeSpan.FromSeconds(60), "a sample newer than the compared window");
        var expected = await RawAsync(theirs, selector + "[20s]", at);
        var actual = await RawAsync(mine, selector + "[20s]", at);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (labels, points) in expected)
        {
            // Prometheus 2.42's range is left-closed, ours left-open as in 3.x: ignore a point exactly at the start.
            var comparable = points.Where(p => p.Key > Math.Round((at - 20) * 1000)).ToDictionary();
            Assert.Equal(comparable, actual[labels]);
        }
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Raw samples per series (labels as text) of a range-selector query.</summary>
    private static async Task<Dictionary<string, Dictionary<long, string>>> RawAsync(HttpClient http, string query, double time)
    {
        string url = string.Create(CultureInfo.InvariantCulture, $"/api/v1/query?query={Uri.EscapeDataString(query)}&time={time:F3}");
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync(url));
        var result = new Dictionary<string, Dictionary<long, string>>();
        foreach (JsonElement series in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var points = new Dictionary<long, string>();
            foreach (JsonElement p in series.GetProperty("values").EnumerateArray())
                points[(long)Math.Round(p[0].GetDouble() * 1000)] = p[1].GetString()!;
            result[series.GetProperty("metric").GetRawText()] = points;
        }
        return result;
    }
}
