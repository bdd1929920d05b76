using System.Text.Json;
using Metrics.Collector.Config;
using Metrics.Collector.Http;
using Metrics.Collector.Scrape;
using Metrics.Store.Abstractions;
using Metrics.Store.Configuration;
using Metrics.Store.Memory;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Collector.Tests.Http;

/// <summary>/api/v1/targets against a live scrape manager, compared field by field with Prometheus 2.42's answer.</summary>
public sealed class TargetsEndpointsTests : IAsyncLifetime
{
    // The keys and their order as Prometheus 2.42 writes an active target.
    private static readonly string[] ActiveKeys =
    [
        "discoveredLabels", "labels", "scrapePool", "scrapeUrl", "globalUrl", "lastError",
        "lastScrape", "lastScrapeDuration", "health", "scrapeInterval", "scrapeTimeout",
    ];

    private TestServer _server = null!;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            services =>
            {
                services.AddSingleton<IAppendable, MemoryStorage>();
                services.AddSingleton(TimeProvider.System);
                services.AddSingleton<CollectorMetrics>();
                services.AddSingleton<ScrapeManager>();
                services.AddHostedService(sp => sp.GetRequiredService<ScrapeManager>());
            },
            app =>
            {
                app.MapGet("/metrics", () => Results.Text("a 1\n", "text/plain"));
                app.MapTargetsApi();
            });
        _client.BaseAddress = _server.BaseAddress;

        string port = _server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ScrapeConfig config = ScrapeConfig.Parse(YamlSection.Load($$$"""
            scrape_configs:
              - job_name: self
                scrape_interval: 1s
                static_configs: [{targets: ['127.0.0.1:{{{port}}}', 'localhost:1'], labels: {env: x}}]
                relabel_configs:
                  - source_labels: [__address__]
                    regex: 'localhost.*'
                    action: drop
            """, "t.yml").GetSectionList("scrape_configs")[0], GlobalConfig.Default);
        var dropped = new List<DroppedTarget>();
        List<ScrapeTarget> targets = TargetBuilder.FromStaticConfigs(config, "unused:0", dropped);
        _server.Services.GetRequiredService<ScrapeManager>().ApplyTargets(targets, dropped);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> GetDataAsync(string query = "")
    {
        using JsonDocument doc = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/targets" + query));
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task Active_and_dropped_targets_have_prometheus_fields_in_prometheus_order()
    {
        JsonElement data = default;
        // The scrape loop starts at a per-target offset within its 1s interval; wait (bounded) for its first scrape.
        await PollAsync(async () => (data = await GetDataAsync()).GetProperty("activeTargets")[0].GetProperty("health").GetString() == "up");

        JsonElement active = Assert.Single(data.GetProperty("activeTargets").EnumerateArray());
        Assert.Equal(ActiveKeys, active.EnumerateObject().Select(p => p.Name));
        string address = $"127.0.0.1:{_server.BaseAddress.Port}";
        Assert.Equal(
            $$"""{"__address__":"{{address}}","__metrics_path__":"/metrics","__scheme__":"http","__scrape_interval__":"1s","__scrape_timeout__":"1s","env":"x","job":"self"}""",
            active.GetProperty("discoveredLabels").GetRawText());
        Assert.Equal($$"""{"env":"x","instance":"{{address}}","job":"self"}""", active.GetProperty("labels").GetRawText());
        Assert.Equal("self", active.GetProperty("scrapePool").GetString());
        Assert.Equal($"http://{address}/metrics", active.GetProperty("scrapeUrl").GetString());
        // A loopback target on our own port is ourselves: the host becomes this machine's name.
        Assert.Equal($"http://{System.Net.Dns.GetHostName()}:{_server.BaseAddress.Port}/metrics", active.GetProperty("globalUrl").GetString());
        Assert.Equal("", active.GetProperty("lastError").GetString());
        string lastScrape = active.GetProperty("lastScrape").GetString()!;
        Assert.EndsWith("Z", lastScrape, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse(lastScrape, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UnixEpoch);
        Assert.True(active.GetProperty("lastScrapeDuration").GetDouble() > 0);
        Assert.Equal("1s", active.GetProperty("scrapeInterval").GetString());
        Assert.Equal("1s", active.GetProperty("scrapeTimeout").GetString());

        JsonElement droppedTarget = Assert.Single(data.GetProperty("droppedTargets").EnumerateArray());
        Assert.Equal(
            """{"discoveredLabels":{"__address__":"localhost:1","__metrics_path__":"/metrics","__scheme__":"http","__scrape_interval__":"1s","__scrape_timeout__":"1s","env":"x","job":"self"}}""",
            droppedTarget.GetRawText());
    }

    [Theory]
    [InlineData("?state=active", 1, 0)]
    [InlineData("?state=dropped", 0, 1)]
    [InlineData("?state=Any", 1, 1)]
    [InlineData("", 1, 1)]
    [InlineData("?state=bogus", 0, 0)]
    public async Task The_state_parameter_filters_as_prometheus_does(string query, int active, int dropped)
    {
        JsonElement data = await GetDataAsync(query);
        Assert.Equal(active, data.GetProperty("activeTargets").GetArrayLength());
        Assert.Equal(dropped, data.GetProperty("droppedTargets").GetArrayLength());
    }

    [Fact]
    public void Go_time_format_trims_the_fraction_and_uses_z()
    {
        Assert.Equal("2026-12-01T05:05:58.7925935Z", GoTime.Format(new DateTimeOffset(2026, 12, 1, 6, 5, 58, TimeSpan.FromHours(1)).AddTicks(7_925_935)));
        Assert.Equal("2026-12-01T05:05:58.5Z", GoTime.Format(new DateTimeOffset(2026, 12, 1, 5, 5, 58, 500, TimeSpan.Zero)));
        Assert.Equal("2026-12-01T05:05:58Z", GoTime.Format(new DateTimeOffset(2026, 12, 1, 5, 5, 58, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9100/metrics", "http://host:9100/metrics")]
    [InlineData("http://localhost:9090/metrics?x=1", "https://host:9090/metrics?x=1")]
    [InlineData("http://10.0.0.1:9100/metrics", "http://10.0.0.1:9100/metrics")]
    public void Global_url_replaces_loopback_hosts(string target, string expected) =>
        Assert.Equal(expected, GlobalUrl.For(new Uri(target), "host", 9090, "https"));

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the target was not scraped within 30 s");
            await Task.Delay(100);
        }
    }
}
