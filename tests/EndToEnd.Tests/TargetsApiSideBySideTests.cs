using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// /api/v1/targets of our binary and of a real Prometheus 2.42 given the same config (a real node-exporter, a
/// target dropped by relabeling, a job over its sample_limit): same fields in the same order, same values
/// except the scrape times.
/// </summary>
public sealed class TargetsApiSideBySideTests
{
    [Fact]
    public async Task Our_targets_api_answers_as_prometheus_does_for_the_same_config()
    {
        await using RealNodeExporter exporter = await RealNodeExporter.StartAsync();
        string dir = Directory.CreateTempSubdirectory("targets-e2e-").FullName;
        string config = Path.Combine(dir, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["{exporter.Address}", "localhost:1"]
                    labels: {"{"}team: core{"}"}
                relabel_configs:
                  - source_labels: [__address__]
                    regex: "localhost:.*"
                    action: drop
              - job_name: limited
                sample_limit: 10
                static_configs:
                  - targets: ["{exporter.Address}"]
            """);
        try
        {
            await using RealPrometheus prometheus = await RealPrometheus.StartAsync(config, Path.Combine(dir, "prometheus"));
            await using MetricsProcess ours = await MetricsProcess.StartAllAsync("--config.file", config);
            using var ourHttp = new HttpClient { BaseAddress = ours.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

            JsonElement theirs = await ScrapedTargetsAsync(prometheus.Http);
            JsonElement mine = await ScrapedTargetsAsync(ourHttp);

            JsonElement[] theirActive = Sorted(theirs.GetProperty("activeTargets"));
            JsonElement[] myActive = Sorted(mine.GetProperty("activeTargets"));
            Assert.Equal(theirActive.Length, myActive.Length);
            for (int i = 0; i < theirActive.Length; i++)
            {
                Assert.Equal(theirActive[i].EnumerateObject().Select(p => p.Name), myActive[i].EnumerateObject().Select(p => p.Name));
                foreach (JsonProperty field in theirActive[i].EnumerateObject())
                {
                    if (field.Name is "lastScrape" or "lastScrapeDuration") continue;   // times differ by nature
                    Assert.Equal(field.Value.GetRawText(), myActive[i].GetProperty(field.Name).GetRawText());
                }
                Assert.Equal(JsonValueKind.Number, myActive[i].GetProperty("lastScrapeDuration").ValueKind);
                Assert.EndsWith("Z", myActive[i].GetProperty("lastScrape").GetString(), StringComparison.Ordinal);
            }
            Assert.Equal(theirs.GetProperty("droppedTargets").GetRawText(), mine.GetProperty("droppedTargets").GetRawText());

            // The limited job is down with Prometheus's own error text on both sides.
            Assert.Contains(myActive, t => t.GetProperty("lastError").GetString() == "sample limit exceeded");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The targets API's data once every active target has been scraped at least once.</summary>
    private static async Task<JsonElement> ScrapedTargetsAsync(HttpClient http) =>
        (JsonElement)await Poll.UntilAsync<object>(async () =>
        {
            using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/targets"));
            JsonElement data = doc.RootElement.GetProperty("data");
            JsonElement active = data.GetProperty("activeTargets");
            bool allScraped = active.GetArrayLength() == 2
                && active.EnumerateArray().All(t => t.GetProperty("health").GetString() != "unknown");
            return allScraped ? data.Clone() : null;
        }, TimeSpan.FromSeconds(60), "every target scraped once");

    private static JsonElement[] Sorted(JsonElement targets) =>
        [.. targets.EnumerateArray().OrderBy(t => t.GetProperty("scrapePool").GetString(), StringComparer.Ordinal)];
}
