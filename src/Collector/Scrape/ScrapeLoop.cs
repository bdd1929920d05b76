using System.Diagnostics;
using Metrics.Collector.Exposition;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Scrape;

/// <summary>
/// Scrapes one target at its interval and appends what it finds. A scrape is all or nothing:
/// one malformed line or one broken limit and none of its samples are stored; <c>up</c> becomes 0
/// and the error is kept. Series that vanish (or a whole failed target) get Prometheus's staleness marker.
/// </summary>
/// <remarks>
/// One scrape runs at a time per loop, so the buffers and caches below are reused without locking;
/// in steady state a scrape of known series allocates almost nothing per sample.
/// </remarks>
public sealed partial class ScrapeLoop
{
    private readonly HttpClient _http;
    private readonly IAppendable _storage;
    private readonly TimeProvider _clock;
    private readonly CollectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _jobTag;
    private volatile ScrapeReport? _lastReport;

    public ScrapeLoop(ScrapeTarget target, HttpClient http, IAppendable storage, TimeProvider clock, CollectorMetrics metrics, ILogger logger)
    {
        Target = target;
        _http = http;
        _storage = storage;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _jobTag = new("job", target.Job);
        _reportLabels = BuildReportLabels(target.Labels);
    }

    public ScrapeTarget Target { get; }

    /// <summary>The last finished scrape, or null before the first.</summary>
    public ScrapeReport? LastReport => _lastReport;

    /// <summary>Scrapes at the target's interval until cancelled, starting at a per-target offset to spread load.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        long intervalMs = (long)Target.Interval.TotalMilliseconds;
        long offsetMs = (long)(Target.Labels.StableHash % (ulong)Math.Max(intervalMs, 1));
        long now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        long delay = ((offsetMs - now % intervalMs) % intervalMs + intervalMs) % intervalMs;
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), _clock, ct).ConfigureAwait(false);
            using var timer = new PeriodicTimer(Target.Interval, _clock);
            do
            {
                await ScrapeOnceAsync(ct).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the loop ends between scrapes.
        }
    }

    /// <summary>Runs one scrape now: fetch, parse, append, and record the outcome.</summary>
    public async Task<ScrapeReport> ScrapeOnceAsync(CancellationToken ct)
    {
        DateTimeOffset start = _clock.GetUtcNow();
        long startTicks = Stopwatch.GetTimestamp();
        FetchResult fetched = await FetchAsync(ct).ConfigureAwait(false);
        return Ingest(_body.AsSpan(0, fetched.Length), fetched.Format, fetched.Error, start, startTicks);
    }

    /// <summary>Parses and appends a body fetched elsewhere, exactly as a scrape at <paramref name="scrapeTime"/> would.</summary>
    /// <remarks>For benchmarks and tests that measure parsing and appending without HTTP.</remarks>
    public ScrapeReport IngestBody(ReadOnlySpan<byte> body, ExpositionFormat format, DateTimeOffset scrapeTime) =>
        Ingest(body, format, fetchError: null, scrapeTime, Stopwatch.GetTimestamp());

    private ScrapeReport Ingest(ReadOnlySpan<byte> body, ExpositionFormat format, string? fetchError, DateTimeOffset start, long startTicks)
    {
        long timestampMs = start.ToUnixTimeMilliseconds();
        string? error = fetchError;
        int scraped = 0;
        _staged.Clear();
        _cache.BeginScrape();
        if (error is null) error = ParseAndStage(body, format, out scraped);
        if (error is null) _cache.EvictUnseen();
        else _staged.Clear();                          // all or nothing: a failed scrape stores only its report

        TimeSpan duration = Stopwatch.GetElapsedTime(startTicks);
        (AppendResult result, int postRelabel, int seriesAdded, int staleMarkers) = AppendStaged(timestampMs, error is null, duration, scraped);

        // Accepted also counts the report series and staleness markers; only the target's own samples are reported.
        int appended = Math.Max(0, result.Accepted - ReportSeriesCount - staleMarkers);
        var report = new ScrapeReport(start, duration, scraped, appended, seriesAdded, error) { SamplesPostRelabel = postRelabel };
        _lastReport = report;
        Record(report, result);
        return report;
    }

    private void Record(ScrapeReport report, AppendResult result)
    {
        _metrics.Scrapes.Add(1, _jobTag);
        _metrics.ScrapeDuration.Record(report.Duration.TotalSeconds, _jobTag);
        _metrics.SamplesAppended.Add(report.SamplesAppended, _jobTag);
        if (result.OutOfOrder > 0) _metrics.SamplesRejected.Add(result.OutOfOrder, _jobTag, new("reason", "out_of_order"));
        if (result.DuplicateTimestamp > 0)
        {
            _metrics.SamplesRejected.Add(result.DuplicateTimestamp, _jobTag, new("reason", "duplicate_timestamp"));
            // As Prometheus: a target repeating a series with another value keeps its first sample and stays up.
            LogDuplicates(Target.Job, Target.Url, result.DuplicateTimestamp);
        }
        if (report.Error is not null)
        {
            _metrics.ScrapeFailures.Add(1, _jobTag);
            LogScrapeFailed(Target.Job, Target.Url, report.Error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scrape failed for job {Job} target {Url}: {Error}")]
    private partial void LogScrapeFailed(string job, Uri url, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} target {Url}: {Count} samples with different value but same timestamp dropped")]
    private partial void LogDuplicates(string job, Uri url, int count);
}
