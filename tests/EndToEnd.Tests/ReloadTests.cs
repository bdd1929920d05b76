using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// <c>metrics all</c> reloads its config file on <c>POST /-/reload</c> and on SIGHUP: new scrape jobs and rule files
/// take effect, an invalid file is refused with Prometheus's 500 text naming file, line and field while the old
/// configuration keeps running, and the reload gauges and runtimeinfo tell which happened.
/// </summary>
public sealed class ReloadTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Job(string name, string target) => $"""
          - job_name: {name}
            scrape_interval: 1s
            static_configs:
              - targets: ["{target}"]

        """;

    /// <summary>Replaces the file atomically, as a ConfigMap update does, so a reload never reads half of it.</summary>
    private static void Write(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static async Task<HashSet<string>> ActiveJobsAsync(HttpClient http)
    {
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/targets?state=active"));
        return [.. doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Where(t => t.GetProperty("health").GetString() == "up")
            .Select(t => t.GetProperty("labels").GetProperty("job").GetString()!)];
    }

    private static async Task<List<string>> RuleNamesAsync(HttpClient http)
    {
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/rules"));
        return [.. doc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => r.GetProperty("name").GetString()!)];
    }

    private static async Task<string?> GaugeAsync(HttpClient http, string name)
    {
        string text = await http.GetStringAsync("/metrics");
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal));
        return line?[(line.LastIndexOf(' ') + 1)..];
    }

    private static async Task<JsonElement> RuntimeInfoAsync(HttpClient http)
    {
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/status/runtimeinfo"));
        return doc.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task Reload_adds_a_job_and_a_rule_file_refuses_a_broken_file_and_SIGHUP_reloads_too()
    {
        await using StaticTarget target = await StaticTarget.StartAsync();
        string config = Path.Combine(_dir, "metrics.yml");
        Write(config, "global:\n  evaluation_interval: 1s\nscrape_configs:\n" + Job("first", target.Address));
        await using MetricsProcess process = await MetricsProcess.StartAllAsync("--config.file", config);
        using var http = new HttpClient { BaseAddress = process.BaseAddress };
        await Poll.UntilAsync(async () => (await ActiveJobsAsync(http)).Contains("first") ? "up" : null, Timeout, "job first up\n" + process.Output);
        Assert.Equal("1", await GaugeAsync(http, "prometheus_config_last_reload_successful"));
        Assert.Empty(await RuleNamesAsync(http));

        // 1. POST /-/reload with a second job and a rule file.
        File.WriteAllText(Path.Combine(_dir, "rules.yml"), """
            groups:
              - name: reloaded
                interval: 1s
                rules:
                  - record: job:e2e_requests:sum
                    expr: sum by (job) (e2e_requests_total)
            """);
        Write(config, "global:\n  evaluation_interval: 1s\nrule_files: [\"rules.yml\"]\nscrape_configs:\n" + Job("first", target.Address) + Job("second", target.Address));
        using (HttpResponseMessage ok = await http.PostAsync("/-/reload", null))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await Poll.UntilAsync(async () => (await ActiveJobsAsync(http)).SetEquals(["first", "second"]) ? "both" : null, Timeout,
            "jobs first and second up\n" + process.Output);
        Assert.Equal(["job:e2e_requests:sum"], await RuleNamesAsync(http));
        Assert.Contains("second", await http.GetStringAsync("/api/v1/status/config"), StringComparison.Ordinal);
        JsonElement info = await RuntimeInfoAsync(http);
        Assert.True(info.GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.True(info.GetProperty("lastConfigTime").GetDateTimeOffset() > info.GetProperty("startTime").GetDateTimeOffset());

        // 2. A broken file: 500 naming file, line and field; the old jobs and rules stay; the gauge says 0.
        Write(config, "global:\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: third\n    scrape_interval: banana\n");
        using (HttpResponseMessage failed = await http.PutAsync("/-/reload", null))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            string body = await failed.Content.ReadAsStringAsync();
            Assert.StartsWith("failed to reload config: ", body, StringComparison.Ordinal);
            Assert.Contains(config + ":5:", body, StringComparison.Ordinal);
            Assert.Contains("scrape_interval", body, StringComparison.Ordinal);
        }
        Assert.Equal("0", await GaugeAsync(http, "prometheus_config_last_reload_successful"));
        Assert.Equal("0", await GaugeAsync(http, "alertmanager_config_last_reload_successful"));
        Assert.False((await RuntimeInfoAsync(http)).GetProperty("reloadConfigSuccess").GetBoolean());
        Assert.True((await ActiveJobsAsync(http)).SetEquals(["first", "second"]));
        Assert.Equal(["job:e2e_requests:sum"], await RuleNamesAsync(http));

        // 2b. A valid main config with a broken rule file: nothing is applied, not even the new job.
        File.WriteAllText(Path.Combine(_dir, "broken.yml"), "groups:\n  - name: broken\n    rules:\n      - record: x\n        expr: sum(\n");
        Write(config, "global:\n  evaluation_interval: 1s\nrule_files: [\"broken.yml\"]\nscrape_configs:\n" + Job("first", target.Address) + Job("third", target.Address));
        using (HttpResponseMessage failed = await http.PostAsync("/-/reload", null))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Contains("broken.yml", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("third", await http.GetStringAsync("/api/v1/targets"), StringComparison.Ordinal);
        Assert.Equal(["job:e2e_requests:sum"], await RuleNamesAsync(http));

        // 3. SIGHUP: a valid file dropping the second job and the rules.
        Write(config, "global:\n  evaluation_interval: 1s\nscrape_configs:\n" + Job("first", target.Address));
        using (Process kill = Process.Start("kill", ["-HUP", process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        await Poll.UntilAsync(async () => await GaugeAsync(http, "prometheus_config_last_reload_successful") == "1" ? "ok" : null, Timeout,
            "a successful reload after SIGHUP\n" + process.Output);
        // The scrape manager takes the new target set from discovery a moment after the reload itself succeeded.
        await Poll.UntilAsync(async () => (await ActiveJobsAsync(http)).SetEquals(["first"]) ? "first only" : null, Timeout,
            "job second gone after SIGHUP\n" + process.Output);
        Assert.Empty(await RuleNamesAsync(http));
        Assert.True((await RuntimeInfoAsync(http)).GetProperty("reloadConfigSuccess").GetBoolean());
    }
}
