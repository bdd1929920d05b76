using BenchmarkDotNet.Attributes;
using Metrics.Collector.Exposition;
using Metrics.Collector.Scrape;

namespace Metrics.ScrapeBench;

/// <summary>
/// A steady-state scrape of one target (parse, series cache, staging, staleness bookkeeping) into storage
/// that forgets: the Allocated column is what the scrape path itself costs per body.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private byte[] _text = [];
    private byte[] _openMetrics = [];
    private ScrapeLoop _textLoop = null!;
    private ScrapeLoop _openMetricsLoop = null!;
    private long _t = 1_700_000_000_000;

    /// <summary>Copies of the 237-family capture: 1 is ~190 KB (about 2,200 samples).</summary>
    [Params(1)]
    public int Copies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_text, _openMetrics, _) = Corpus.Build(Corpus.DefaultCapture(), Copies * 150_000);
        _textLoop = ThroughputRun.NewLoop();
        _openMetricsLoop = ThroughputRun.NewLoop();
        // Fill the series caches: the benchmark measures repeated scrapes of known series.
        Text();
        OpenMetrics();
    }

    [Benchmark]
    public ScrapeReport Text() => _textLoop.IngestBody(_text, ExpositionFormat.Text, DateTimeOffset.FromUnixTimeMilliseconds(_t += 15_000));

    [Benchmark]
    public ScrapeReport OpenMetrics() => _openMetricsLoop.IngestBody(_openMetrics, ExpositionFormat.OpenMetrics, DateTimeOffset.FromUnixTimeMilliseconds(_t += 15_000));
}
