using System.Globalization;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// Backfill: the shared dataset generator's OpenMetrics file imported by us and by the real
/// promtool gives the same raw samples through both HTTP APIs.
/// </summary>
public sealed class ImportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Our_import_and_promtools_serve_identical_raw_samples()
    {
        string file = Path.Combine(_dir, "data.om");
        string generator = Path.Combine(Metrics.Tests.Shared.RepoPaths.Root, "tests", "EndToEnd.Tests", "Data", "gen_dataset.py");
        var (genCode, genOutput) = await ExternalTool.RunAsync("python3", "", TimeSpan.FromMinutes(2),
            generator, "--series", "200", "--hours", "3", "--jitter-ms", "5", "--out", file);
        Assert.True(genCode == 0, genOutput);

        string ours = Path.Combine(_dir, "ours");
        var (code, stdout, stderr) = await MetricsProcess.RunAsync(TimeSpan.FromMinutes(2), "tsdb", "import", "openmetrics", file, "--storage.tsdb.path", ours);
        Assert.True(code == 0, stdout + stderr);
        var (analyzeCode, analysis, _) = await MetricsProcess.RunAsync(TimeSpan.FromMinutes(1), "tsdb", "analyze", ours);
        Assert.Equal(0, analyzeCode);
        Assert.Contains("bytes/sample:", analysis, StringComparison.Ordinal);

        string theirs = Path.Combine(_dir, "theirs");
        var (promtoolCode, promtoolOutput) = await ExternalTool.RunAsync("promtool", "", TimeSpan.FromMinutes(2),
            "tsdb", "create-blocks-from", "openmetrics", file, theirs);
        Assert.True(promtoolCode == 0, promtoolOutput);

        string emptyConfig = Path.Combine(_dir, "empty.yml");
        await File.WriteAllTextAsync(emptyConfig, "scrape_configs: []\n");
        await using MetricsProcess server = await MetricsProcess.StartAllAsync(MetricsProcess.FreePort(), ours, "--config.file", emptyConfig);
        await using RealPrometheus prometheus = await RealPrometheus.StartAsync(emptyConfig, theirs, waitReady: true, "--storage.tsdb.retention.time=100y");
        using var ourHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        // The dataset starts 2024-01-01T00:00Z and spans 3 h: read everything raw, at a time after its end.
        const double at = 1704067200 + 4 * 3600;
        foreach (string metric in new[] { "http_requests_total", "http_request_duration_seconds_bucket", "process_resident_memory_bytes", "up" })
        {
            var expected = await RawAsync(prometheus.Http, metric + "[5h]", at);
            var actual = await RawAsync(ourHttp, metric + "[5h]", at);
            Assert.NotEmpty(expected);
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (labels, points) in expected)
            {
                Assert.True(actual.TryGetValue(labels, out var mine), $"series {labels} missing from ours");
                Assert.Equal(points, mine);
            }
        }
    }

    private static async Task<Dictionary<string, List<(long, string)>>> RawAsync(HttpClient http, string query, double time)
    {
        string url = string.Create(CultureInfo.InvariantCulture, $"/api/v1/query?query={Uri.EscapeDataString(query)}&time={time:F3}");
        string body = await http.GetStringAsync(url);
        using JsonDocument doc = JsonDocument.Parse(body);
        var result = new Dictionary<string, List<(long, string)>>();
        foreach (JsonElement series in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            result[series.GetProperty("metric").GetRawText()] = series.GetProperty("values").EnumerateArray()
                .Select(p => ((long)Math.Round(p[0].GetDouble() * 1000), p[1].GetString()!)).ToList();
        return result;
    }
}
