using System.Globalization;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>Scrape, store and query in one real process on the embedded default config.</summary>
public sealed class SkeletonPathTests(DefaultAllFixture fixture) : IClassFixture<DefaultAllFixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task The_self_target_comes_up_and_a_range_query_returns_points_at_the_scrape_interval()
    {
        string instance = $"127.0.0.1:{fixture.Process.Port}";
        await Poll.UntilAsync(async () =>
        {
            JsonElement result = await QueryAsync($"up{{job=\"metrics\",instance=\"{instance}\"}}");
            return result.GetArrayLength() == 1 && result[0].GetProperty("value")[1].GetString() == "1" ? "up" : null;
        }, TimeSpan.FromSeconds(30), "up == 1 for the self target\n" + fixture.Process.Output);

        // Wait for four scrapes, then read the raw samples of the last 30 s.
        JsonElement raw = default;
        await Poll.UntilAsync(async () =>
        {
            raw = await QueryAsync("up[30s]");
            return raw.GetArrayLength() == 1 && raw[0].GetProperty("values").GetArrayLength() >= 4 ? "enough" : null;
        }, TimeSpan.FromSeconds(40), "four scrapes of the self target");
        double[] times = raw[0].GetProperty("values").EnumerateArray().Select(p => p[0].GetDouble()).ToArray();
        for (int i = 1; i < times.Length; i++)
            Assert.InRange(times[i] - times[i - 1], 4.0, 6.0);   // the interval, with room for a loaded CI machine

        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string url = string.Create(CultureInfo.InvariantCulture,
            $"/api/v1/query_range?query=scrape_duration_seconds&start={now - 30:F3}&end={now:F3}&step=5");
        using JsonDocument range = JsonDocument.Parse(await Http.GetStringAsync(url));
        JsonElement data = range.RootElement.GetProperty("data");
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        JsonElement series = Assert.Single(data.GetProperty("result").EnumerateArray());
        Assert.Equal("metrics", series.GetProperty("metric").GetProperty("job").GetString());
        double[] steps = series.GetProperty("values").EnumerateArray().Select(p => p[0].GetDouble()).ToArray();
        Assert.True(steps.Length >= 4, $"expected at least 4 points, got {steps.Length}");
        for (int i = 1; i < steps.Length; i++) Assert.Equal(5.0, steps[i] - steps[i - 1], 3);
        Assert.All(series.GetProperty("values").EnumerateArray(), p => Assert.True(double.Parse(p[1].GetString()!, CultureInfo.InvariantCulture) >= 0));
    }

    [Fact]
    public async Task Our_own_metrics_are_stored_and_queryable()
    {
        await Poll.UntilAsync(async () =>
        {
            JsonElement result = await QueryAsync("metrics_scrapes_total");
            return result.GetArrayLength() == 1 ? "scraped" : null;
        }, TimeSpan.FromSeconds(30), "metrics_scrapes_total from the self scrape");
    }

    [Fact]
    public async Task Bad_queries_get_400_and_the_error_envelope()
    {
        using HttpResponseMessage r = await Http.GetAsync("/api/v1/query?query=up{");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, r.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("error", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("bad_data", doc.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("parse error", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Contains("Healthy", await Http.GetStringAsync("/-/healthy"), StringComparison.Ordinal);
        Assert.Contains("Ready", await Http.GetStringAsync("/-/ready"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_are_structured_json()
    {
        await Poll.UntilAsync(() => Task.FromResult(fixture.Process.Output.Contains("Server is ready", StringComparison.Ordinal) ? "logged" : null),
            TimeSpan.FromSeconds(10), "the ready log line");
        string line = fixture.Process.Output.Split('\n').First(l => l.Contains("Server is ready", StringComparison.Ordinal));
        using JsonDocument doc = JsonDocument.Parse(line);
        Assert.Equal("Information", doc.RootElement.GetProperty("LogLevel").GetString());
        Assert.True(doc.RootElement.TryGetProperty("Timestamp", out _));
    }

    private async Task<JsonElement> QueryAsync(string query)
    {
        string body = await Http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
        using JsonDocument doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("result").Clone();
    }
}
