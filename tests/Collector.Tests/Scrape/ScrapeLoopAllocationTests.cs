using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Collector.Scrape;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>
/// A repeated scrape of known series goes through the raw-series cache: parsing, label resolution, staging and
/// staleness bookkeeping allocate (almost) nothing per sample, in both formats.
/// </summary>
public sealed class ScrapeLoopAllocationTests : IDisposable
{
    private const int Series = 1000;
    private readonly HttpClient _http = new();
    private readonly CollectorMetrics _metrics = new();

    public void Dispose()
    {
        _http.Dispose();
        _metrics.Dispose();
    }

    [Theory]
    [InlineData(ExpositionFormat.Text)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public void Steady_state_scrapes_allocate_less_than_a_byte_per_sample(ExpositionFormat format)
    {
        var body = new StringBuilder("# TYPE http_requests counter\n");
        for (int i = 0; i < Series; i++)
            body.Append("http_requests_total{code=\"").Append(200 + i % 5).Append("\",path=\"/api/v1/item/").Append(i).Append("\"} ").Append(i * 7).Append('\n');
        if (format == ExpositionFormat.OpenMetrics) body.Append("# EOF\n");
        byte[] payload = Encoding.UTF8.GetBytes(body.ToString());

        var storage = new CountingStorage();
        var target = new ScrapeTarget("j", new Uri("http://127.0.0.1:1/metrics"), LabelSet.FromPairs("job", "j", "instance", "i"),
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), false, true);
        var loop = new ScrapeLoop(target, _http, storage, TimeProvider.System, _metrics, NullLogger.Instance);
        long t = 1_700_000_000_000;
        for (int i = 0; i < 3; i++) Assert.Null(loop.IngestBody(payload, format, DateTimeOffset.FromUnixTimeMilliseconds(t += 15_000)).Error);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ScrapeReport report = loop.IngestBody(payload, format, DateTimeOffset.FromUnixTimeMilliseconds(t += 15_000));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(report.Error);
        Assert.Equal(Series, report.SamplesScraped);
        Assert.Equal(Series + 5, storage.LastCommit);     // the samples and the five report series
        // The report record and little else; a per-sample allocation would be 1000 times larger.
        Assert.True(allocated < Series, $"a steady-state scrape of {Series} samples allocated {allocated} bytes");
    }

    [Fact]
    public void Series_of_one_target_share_their_label_name_and_metric_name_strings()
    {
        var storage = new RecordingStorage();
        var target = new ScrapeTarget("j", new Uri("http://127.0.0.1:1/metrics"), LabelSet.FromPairs("job", "j", "instance", "i"),
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), false, true);
        var loop = new ScrapeLoop(target, _http, storage, TimeProvider.System, _metrics, NullLogger.Instance);
        byte[] body = "cpu_seconds{cpu=\"0\",mode=\"idle\"} 1\ncpu_seconds{cpu=\"1\",mode=\"user\"} 2\n"u8.ToArray();
        Assert.Null(loop.IngestBody(body, ExpositionFormat.Text, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)).Error);

        LabelSet first = storage.Appended[0], second = storage.Appended[1];
        Assert.Equal("0", first.Get("cpu"));
        Assert.Equal("1", second.Get("cpu"));
        Assert.Same(Name(first, "cpu"), Name(second, "cpu"));
        Assert.Same(Name(first, "mode"), Name(second, "mode"));
        Assert.Same(first.MetricName, second.MetricName);
    }

    private static string Name(LabelSet labels, string name)
    {
        foreach (Label l in labels.AsSpan())
        {
            if (l.Name == name) return l.Name;
        }
        throw new InvalidOperationException(name + " missing");
    }

    /// <summary>Keeps the label sets of the last commit.</summary>
    private sealed class RecordingStorage : IAppendable, IAppender
    {
        public List<LabelSet> Appended { get; } = [];

        public IAppender CreateAppender() => this;

        public void Append(LabelSet labels, long timestampMs, double value) => Appended.Add(labels);

        public AppendResult Commit() => new(Appended.Count, 0, 0);

        public void Rollback() => Appended.Clear();
    }

    /// <summary>Counts appends per commit and keeps nothing, so only the scrape path's allocations are measured.</summary>
    private sealed class CountingStorage : IAppendable, IAppender
    {
        private int _pending;

        public int LastCommit { get; private set; }

        public IAppender CreateAppender() => this;

        public void Append(LabelSet labels, long timestampMs, double value) => _pending++;

        public AppendResult Commit()
        {
            LastCommit = _pending;
            _pending = 0;
            return new AppendResult(LastCommit, 0, 0);
        }

        public void Rollback() => _pending = 0;
    }
}
