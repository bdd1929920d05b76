using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary><c>metrics all</c> scrapes what a file_sd target file lists and ends the series of targets removed from it.</summary>
public sealed class FileDiscoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-file-sd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Targets_follow_the_file_and_a_removed_target_goes_stale()
    {
        int port = MetricsProcess.FreePort();
        string targets = Path.Combine(_dir, "targets.json");
        await File.WriteAllTextAsync(targets, $$$"""[{"targets": ["127.0.0.1:{{{port}}}"], "labels": {"via": "file"}}]""");
        string config = Path.Combine(_dir, "metrics.yml");
        await File.WriteAllTextAsync(config, """
            scrape_configs:
              - job_name: files
                scrape_interval: 1s
                file_sd_configs:
                  - files: ["*.json"]
            """);
        await using MetricsProcess process = await MetricsProcess.StartAllAsync(port, Directory.CreateTempSubdirectory("metrics-e2e-").FullName, "--config.file", config);
        using var http = new HttpClient { BaseAddress = process.BaseAddress };

        await Poll.UntilAsync(async () => await UpAsync(http) == "1" ? "up" : null, TimeSpan.FromSeconds(30),
            "up{job=\"files\",via=\"file\"} == 1\n" + process.Output);

        // Replace, not rewrite in place, so the watcher never reads half a file.
        await File.WriteAllTextAsync(targets + ".tmp", "[]");
        File.Move(targets + ".tmp", targets, overwrite: true);
        await Poll.UntilAsync(async () => await UpAsync(http) is null ? "gone" : null, TimeSpan.FromSeconds(30),
            "up of the removed target to go stale\n" + process.Output);
    }

    /// <summary>The value of the file target's <c>up</c>, or null when the series has no current sample (stale).</summary>
    private static async Task<string?> UpAsync(HttpClient http)
    {
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString("up{job=\"files\",via=\"file\"}")));
        JsonElement result = doc.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
    }
}
