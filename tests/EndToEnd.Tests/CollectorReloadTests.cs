using System.Net;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary><c>metrics collector</c> reloads its scrape jobs on <c>POST /-/reload</c> and refuses a file it could not run.</summary>
public sealed class CollectorReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-collector-reload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Config(string remoteWrite, params (string Job, string Target)[] jobs) =>
        "scrape_configs:\n" + string.Concat(jobs.Select(j => $"  - job_name: {j.Job}\n    scrape_interval: 1s\n    static_configs: [{{targets: [\"{j.Target}\"]}}]\n"))
        + remoteWrite;

    private const string RemoteWrite = "remote_write:\n  - url: http://127.0.0.1:1/api/v1/write\n";

    private static async Task<HashSet<string>> UpJobsAsync(HttpClient http)
    {
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/targets"));
        return [.. doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Where(t => t.GetProperty("health").GetString() == "up").Select(t => t.GetProperty("labels").GetProperty("job").GetString()!)];
    }

    [Fact]
    public async Task A_reload_adds_a_job_and_a_file_without_remote_write_is_refused()
    {
        await using StaticTarget target = await StaticTarget.StartAsync();
        string config = Path.Combine(_dir, "c.yml");
        File.WriteAllText(config, Config(RemoteWrite, ("one", target.Address)));
        await using MetricsProcess collector = await MetricsProcess.StartCollectorAsync(config, Path.Combine(_dir, "buffer"));
        using var http = new HttpClient { BaseAddress = collector.BaseAddress };
        await Poll.UntilAsync(async () => (await UpJobsAsync(http)).Contains("one") ? "up" : null, TimeSpan.FromSeconds(30), "job one up\n" + collector.Output);

        File.WriteAllText(config, Config(RemoteWrite, ("one", target.Address), ("two", target.Address)));
        using (HttpResponseMessage ok = await http.PostAsync("/-/reload", null)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await Poll.UntilAsync(async () => (await UpJobsAsync(http)).SetEquals(["one", "two"]) ? "both" : null, TimeSpan.FromSeconds(30), "jobs one and two up");

        File.WriteAllText(config, Config("", ("one", target.Address)));
        using (HttpResponseMessage failed = await http.PostAsync("/-/reload", null))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Contains("remote_write", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.True((await UpJobsAsync(http)).SetEquals(["one", "two"]));
        Assert.Contains("prometheus_config_last_reload_successful 0", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.DoesNotContain("alertmanager_config_last_reload", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
