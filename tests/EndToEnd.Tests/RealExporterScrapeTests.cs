using System.Text.Json;
using Metrics.Collector;
using Metrics.Collector.Exposition;
using Metrics.Collector.Scrape;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// Our scraper against real exporters: a real node-exporter and a real Prometheus's own /metrics parse without
/// error, and what a real Prometheus stores from scraping both is what our scrape loop stores, label for label.
/// </summary>
public sealed class RealExporterScrapeTests : IAsyncLifetime
{
    private RealNodeExporter _exporter = null!;
    private RealPrometheus _prometheus = null!;
    private string _dir = "";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _exporter = await RealNodeExporter.StartAsync();
        _dir = Directory.CreateTempSubdirectory("scrape-e2e-").FullName;
        int port = MetricsProcess.FreePort();
        string config = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs: [{"{"}targets: ["{_exporter.Address}"]{"}"}]
              - job_name: prometheus
                static_configs: [{"{"}targets: ["127.0.0.1:{port}"]{"}"}]
            """);
        _prometheus = await RealPrometheus.StartAsync(port, config, Path.Combine(_dir, "data"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _prometheus.DisposeAsync();
        await _exporter.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Both_real_metrics_bodies_parse_without_error()
    {
        foreach (string address in new[] { _exporter.Address, $"127.0.0.1:{_prometheus.Port}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{address}/metrics"));
            request.Headers.TryAddWithoutValidation("Accept", ExpositionFormats.AcceptHeader);
            using HttpResponseMessage response = await _http.SendAsync(request);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            ExpositionFormat format = ExpositionFormats.FromMediaType(response.Content.Headers.ContentType?.MediaType);

            var sink = new CountingSink();
            int samples = new ScrapePayloadParser().Parse(body, format, ref sink);

            // Counted independently of the parser: every non-blank line that is not a comment is a sample.
            int lines = System.Text.Encoding.UTF8.GetString(body).Split('\n').Count(l => l.Trim().Length > 0 && !l.StartsWith('#'));
            Assert.True(samples > 100, $"{address}: only {samples} samples");
            Assert.Equal(lines, samples);
        }
    }

    [Fact]
    public async Task Every_series_prometheus_stored_from_a_scrape_is_stored_by_our_scrape_with_the_same_labels()
    {
        // Let Prometheus scrape both targets successfully at least once.
        await Poll.UntilAsync(async () => (await QueryAsync("up == 1")).Count == 2 ? "up" : null, TimeSpan.FromSeconds(60), "both targets up in Prometheus");
        Dictionary<LabelSet, double> theirs = await QueryAsync("{job=~\"node|prometheus\"}");
        Assert.True(theirs.Count > 300, $"Prometheus stored only {theirs.Count} series");

        // Ours scrapes after Prometheus was asked, so a series Prometheus created meanwhile (its own request
        // counters) only adds to our side; the check is that nothing Prometheus stored is missing or relabeled.
        var storage = new MemoryStorage();
        using var metrics = new CollectorMetrics();
        foreach ((string job, string address) in new[] { ("node", _exporter.Address), ("prometheus", $"127.0.0.1:{_prometheus.Port}") })
        {
            var target = new ScrapeTarget(job, new Uri($"http://{address}/metrics"), LabelSet.FromPairs("job", job, "instance", address),
                TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), HonorLabels: false, HonorTimestamps: true);
            ScrapeReport report = await new ScrapeLoop(target, _http, storage, TimeProvider.System, metrics, NullLogger.Instance).ScrapeOnceAsync(CancellationToken.None);
            Assert.Null(report.Error);
        }
        Dictionary<LabelSet, double> ours = Stored(storage);

        var missing = theirs.Keys.Where(l => !ours.ContainsKey(l)).Select(l => l.ToString()).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {theirs.Count} series missing from ours, e.g.:\n{string.Join('\n', missing.Take(20))}");

        // Series whose values do not change between scrapes must agree exactly.
        int stable = 0;
        foreach ((LabelSet labels, double value) in theirs)
        {
            if (labels.MetricName is not ("node_uname_info" or "node_exporter_build_info" or "prometheus_build_info" or "go_info" or "up")) continue;
            Assert.Equal(value, ours[labels]);
            stable++;
        }
        Assert.True(stable >= 5, $"only {stable} stable series compared");
    }

    private async Task<Dictionary<LabelSet, double>> QueryAsync(string query)
    {
        using JsonDocument doc = JsonDocument.Parse(await _prometheus.Http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query)));
        var result = new Dictionary<LabelSet, double>();
        foreach (JsonElement s in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var builder = new LabelSetBuilder();
            foreach (JsonProperty l in s.GetProperty("metric").EnumerateObject()) builder.Set(l.Name, l.Value.GetString()!);
            result[builder.Build()] = double.Parse(s.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }
        return result;
    }

    private static Dictionary<LabelSet, double> Stored(MemoryStorage storage)
    {
        using ISeriesQuerier q = storage.Querier(long.MinValue, long.MaxValue);
        var result = new Dictionary<LabelSet, double>();
        foreach (ISeries s in q.Select([new LabelMatcher(MatcherType.Regex, "job", "node|prometheus")]))
        {
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) result[s.Labels] = it.At().Value;
        }
        return result;
    }

    private struct CountingSink : IScrapeSampleSink
    {
        public void OnSample(ReadOnlySpan<byte> series, int lineNumber, double value, long? timestampMs)
        {
        }
    }
}
