using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>Our /metrics checked by the real consumers: promtool's linter and a real Prometheus scraping us.</summary>
public sealed class PrometheusInteropTests(DefaultAllFixture fixture) : IClassFixture<DefaultAllFixture>
{
    [Fact]
    public async Task Promtool_check_metrics_accepts_our_exposition()
    {
        // Wait for one self-scrape so that every instrument, histograms included, has data.
        await Poll.UntilAsync(async () =>
        {
            string text = await fixture.Http.GetStringAsync("/metrics");
            return text.Contains("metrics_scrape_duration_seconds_bucket", StringComparison.Ordinal) ? text : null;
        }, TimeSpan.FromSeconds(30), "a scrape histogram in /metrics");
        string exposition = await fixture.Http.GetStringAsync("/metrics");

        (int code, string output) = await ExternalTool.RunAsync("promtool", exposition, TimeSpan.FromSeconds(30), "check", "metrics");

        Assert.True(code == 0, $"promtool check metrics exited {code}:\n{output}\n--- exposition ---\n{exposition}");
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_us_and_serves_our_series()
    {
        int port = MetricsProcess.FreePort();
        string dir = Directory.CreateTempSubdirectory("prometheus-e2e-").FullName;
        string config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: ours
                static_configs:
                  - targets: ["127.0.0.1:{fixture.Process.Port}"]
            """);
        try
        {
            await using RealPrometheus prometheus = await RealPrometheus.StartAsync(port, config, Path.Combine(dir, "data"), waitReady: false);
            HttpClient http = prometheus.Http;
            JsonElement series = await Poll.UntilAsync<object>(async () =>
            {
                string body = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString("metrics_scrapes_total{job=\"ours\"}"));
                using JsonDocument doc = JsonDocument.Parse(body);
                JsonElement result = doc.RootElement.GetProperty("data").GetProperty("result");
                return result.GetArrayLength() > 0 ? result[0].Clone() : null;
            }, TimeSpan.FromSeconds(60), "our series in the real Prometheus") is JsonElement e ? e : default;
            Assert.Equal("metrics", series.GetProperty("metric").GetProperty("exported_job").GetString());

            string up = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString("up{job=\"ours\"}"));
            Assert.Contains("\"value\":[", up, StringComparison.Ordinal);
            Assert.Contains(",\"1\"]", up, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
