using Metrics.Tests.Shared;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Metrics.Store.Abstractions;
using Metrics.Store.Http;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Label = Metrics.Store.Labels.Label;
using Sample = Metrics.Store.Samples.Sample;

namespace Metrics.Store.Tests.Http;

/// <summary>
/// A real Prometheus scrapes a target of ours every second and remote-writes to our receiver;
/// what lands in the <see cref="MemoryStorage"/> must equal what that Prometheus answers for the same series.
/// </summary>
public sealed class RealPrometheusRemoteWriteTests(ITestOutputHelper output)
{
    private const string Job = "rwtest";
    private const int FlappyScrapes = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly MemoryStorage _storage = new();
    private readonly ConcurrentQueue<int> _writeStatuses = new();
    private int _scrapes;

    [Fact]
    public async Task Samples_from_a_real_prometheus_equal_its_own_answers()
    {
        await using TestServer server = await TestServer.StartAsync(
            s => s.AddSingleton<IAppendable>(_storage),
            app =>
            {
                app.Use(async (ctx, next) =>
                {
                    await next(ctx);
                    if (ctx.Request.Path == "/api/v1/write") _writeStatuses.Enqueue(ctx.Response.StatusCode);
                });
                app.MapGet("/metrics", Exposition);
                app.MapRemoteWrite();
            });
        string target = server.BaseAddress.Authority;

        await using PrometheusProcess prom = await PrometheusProcess.StartAsync(Config(target), Deadline);

        (long start, long cut) = await WaitForDeliveryAsync(prom);

        // Prometheus hides stale markers from queries, so they are compared separately below.
        JsonElement data = await prom.QueryAsync($"{{job=\"{Job}\"}}[10m]", cut);
        Assert.Equal("matrix", data.GetProperty("resultType").GetString());
        Dictionary<LabelSet, Sample[]> theirs = [];
        foreach (JsonElement series in data.GetProperty("result").EnumerateArray())
            theirs[ToLabelSet(series.GetProperty("metric"))] = ToSamples(series.GetProperty("values"), start, cut);
        Dictionary<LabelSet, Sample[]> ours = Snapshot(cut - 600_000, cut);

        Assert.True(theirs.Count >= 8, $"expected the target's series and Prometheus's scrape series, got {theirs.Count}");
        Assert.Equal(Sorted(theirs.Keys), Sorted(ours.Keys));
        foreach ((LabelSet labels, Sample[] expected) in theirs)
        {
            Sample[] actual = [.. ours[labels].Where(s => s.TimestampMs >= start && !StaleMarker.IsStale(s.Value))];
            int atLeast = labels.MetricName == "rwtest_flappy" ? 1 : 3;
            Assert.True(expected.Length >= atLeast, $"{labels}: only {expected.Length} samples in [{start}, {cut}]");
            Assert.Equal(Bits(expected), Bits(actual));
        }

        // The series that vanished from the target ends in a stale marker that arrived bit-exact.
        LabelSet flappy = LabelSet.FromPairs("__name__", "rwtest_flappy", "job", Job, "instance", target);
        Sample last = ours[flappy][^1];
        Assert.Equal(StaleMarker.Bits, BitConverter.DoubleToUInt64Bits(last.Value));

        output.WriteLine($"{theirs.Count} series equal over [{start}, {cut}] ({(cut - start) / 1000.0}s); " +
            $"{_writeStatuses.Count} write requests, {_scrapes} scrapes");
        LabelSet up = LabelSet.FromPairs("__name__", "up", "job", Job, "instance", target);
        Assert.Contains(up, ours.Keys);
        Assert.NotEmpty(_writeStatuses);
        Assert.All(_writeStatuses, status => Assert.Equal(StatusCodes.Status204NoContent, status));
    }

    /// <summary>
    /// Waits until every live series has several samples and the vanished one its stale marker; returns
    /// a window [start, cut] that every series covers, so later deliveries cannot change it
    /// (remote write keeps each series' samples in order).
    /// </summary>
    private async Task<(long Start, long Cut)> WaitForDeliveryAsync(PrometheusProcess prom)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(prom.HasExited, "prometheus exited:\n" + prom.Log);
            Dictionary<LabelSet, Sample[]> ours = Snapshot(long.MinValue, long.MaxValue);
            long start = long.MinValue, cut = long.MaxValue;
            bool flappyEnded = false;
            foreach ((LabelSet labels, Sample[] samples) in ours)
            {
                start = Math.Max(start, samples[0].TimestampMs);
                if (StaleMarker.IsStale(samples[^1].Value)) flappyEnded |= labels.MetricName == "rwtest_flappy";
                else cut = Math.Min(cut, samples[^1].TimestampMs);
            }
            if (ours.Count > 0 && flappyEnded && cut != long.MaxValue && cut - start >= 3000) return (start, cut);
            Assert.True(clock.Elapsed < Deadline,
                $"no complete delivery after {Deadline}: {ours.Count} series, write statuses [{string.Join(",", _writeStatuses)}]\n{prom.Log}");
            await Task.Delay(250);
        }
    }

    private Dictionary<LabelSet, Sample[]> Snapshot(long minTimeMs, long maxTimeMs)
    {
        Dictionary<LabelSet, Sample[]> result = [];
        using ISeriesQuerier q = _storage.Querier(minTimeMs, maxTimeMs);
        foreach (ISeries s in q.Select([LabelMatcher.Equal("job", Job)]))
        {
            var samples = new List<Sample>();
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) samples.Add(it.At());
            result[s.Labels] = [.. samples];
        }
        return result;
    }

    private Task Exposition(HttpContext ctx)
    {
        int n = Interlocked.Increment(ref _scrapes);
        var sb = new StringBuilder();
        sb.Append("# HELP rwtest_requests_total Requests served.\n# TYPE rwtest_requests_total counter\n");
        sb.Append(CultureInfo.InvariantCulture, $"rwtest_requests_total{{code=\"200\"}} {n * 3}\n");
        sb.Append("rwtest_requests_total{code=\"500\"} 1\n");
        sb.Append("# TYPE rwtest_temperature gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"rwtest_temperature {20 + n * 0.1:R}\n");
        sb.Append("rwtest_info{path=\"/a \\\"quoted\\\" \\\\ path\",version=\"1.0\"} 1\n");
        if (n <= FlappyScrapes) sb.Append("rwtest_flappy 1\n");
        ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        return ctx.Response.WriteAsync(sb.ToString());
    }

    private static string Config(string target) => $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: {Job}
            static_configs:
              - targets: ['{target}']
        remote_write:
          - url: http://{target}/api/v1/write
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 100ms
              max_backoff: 1s
            metadata_config:
              send_interval: 2s
        """;

    private static LabelSet ToLabelSet(JsonElement metric)
    {
        var labels = new List<Label>();
        foreach (JsonProperty p in metric.EnumerateObject()) labels.Add(new Label(p.Name, p.Value.GetString()!));
        return LabelSet.From([.. labels]);
    }

    private static Sample[] ToSamples(JsonElement values, long start, long cut)
    {
        var samples = new List<Sample>();
        foreach (JsonElement pair in values.EnumerateArray())
        {
            // Seconds with millisecond decimals: decimal keeps them exact.
            long t = (long)(pair[0].GetDecimal() * 1000m);
            double v = double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (t >= start && t <= cut) samples.Add(new Sample(t, v));
        }
        return [.. samples];
    }

    private static List<LabelSet> Sorted(IEnumerable<LabelSet> sets) => [.. sets.Order()];

    private static List<(long, ulong)> Bits(Sample[] samples) =>
        [.. samples.Select(s => (s.TimestampMs, BitConverter.DoubleToUInt64Bits(s.Value)))];
}
