using System.Diagnostics;
using System.Globalization;
using Metrics.Collector.Exposition;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Scrape;

/// <summary>
/// Scrapes one target at its interval and appends what it finds. A scrape is all or nothing:
/// one malformed line and none of its samples are stored; <c>up</c> becomes 0 and the error is
/// kept. Series that vanish (or a whole failed target) get Prometheus's staleness marker.
/// </summary>
public sealed partial class ScrapeLoop
{
    private const int ReportSeriesCount = 5;
    private const string AcceptHeader = "text/plain;version=0.0.4;q=0.9,*/*;q=0.1";

    private readonly HttpClient _http;
    private readonly IAppendable _storage;
    private readonly TimeProvider _clock;
    private readonly CollectorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _jobTag;
    private HashSet<LabelSet> _previousSeries = [];
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
        long timestampMs = start.ToUnixTimeMilliseconds();
        long startTicks = Stopwatch.GetTimestamp();
        (List<ScrapedSample>? samples, string? error) = await FetchAndParseAsync(ct).ConfigureAwait(false);

        IAppender appender = _storage.CreateAppender();
        var seen = new HashSet<LabelSet>();
        int seriesAdded = 0;
        int postRelabel = 0;
        if (samples is not null)
        {
            foreach (ScrapedSample s in samples)
            {
                LabelSet? relabeled = Target.MetricRelabelConfigs.Count == 0 ? WithTargetLabels(s.Labels)
                    : Relabel.Relabeler.Process(WithTargetLabels(s.Labels), Target.MetricRelabelConfigs);
                if (relabeled is null) continue;   // dropped by metric_relabel_configs
                postRelabel++;
                LabelSet labels = relabeled;
                bool explicitTime = Target.HonorTimestamps && s.TimestampMs.HasValue;
                appender.Append(labels, explicitTime ? s.TimestampMs!.Value : timestampMs, s.Value);
                // Samples with their own timestamps are exempt from staleness, as in Prometheus.
                if (!explicitTime && seen.Add(labels) && !_previousSeries.Contains(labels)) seriesAdded++;
            }
        }
        int staleMarkers = 0;
        foreach (LabelSet gone in _previousSeries)
        {
            if (seen.Contains(gone)) continue;
            appender.Append(gone, timestampMs, StaleMarker.Value);
            staleMarkers++;
        }
        TimeSpan duration = Stopwatch.GetElapsedTime(startTicks);
        int scraped = samples?.Count ?? 0;
        AppendReportSeries(appender, timestampMs, error is null, duration, scraped, postRelabel, seriesAdded);
        AppendResult result = appender.Commit();
        _previousSeries = seen;

        // Accepted also counts the report series and staleness markers; only the target's own samples are reported.
        int appended = Math.Max(0, result.Accepted - ReportSeriesCount - staleMarkers);
        var report = new ScrapeReport(start, duration, scraped, appended, seriesAdded, error);
        _lastReport = report;
        Record(report, result);
        return report;
    }

    private async Task<(List<ScrapedSample>? Samples, string? Error)> FetchAndParseAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Target.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Target.Url);
            request.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
            request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds",
                Target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return (null, $"server returned HTTP status {(int)response.StatusCode} {response.ReasonPhrase}");
            byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return (TextExpositionParser.ParseAll(body), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"Get \"{Target.Url}\": context deadline exceeded (timeout {Target.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s)");
        }
        catch (HttpRequestException e)
        {
            return (null, $"Get \"{Target.Url}\": {e.Message}");
        }
        catch (ExpositionFormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Adds the target's labels. Without honor_labels a scraped label that collides with a target
    /// label is kept as <c>exported_&lt;name&gt;</c>, as Prometheus does; with it, the scraped value wins.
    /// </summary>
    private LabelSet WithTargetLabels(LabelSet scraped)
    {
        LabelSetBuilder? builder = null;
        foreach (Label t in Target.Labels.AsSpan())
        {
            string existing = scraped.Get(t.Name);
            if (existing.Length > 0)
            {
                if (Target.HonorLabels) continue;
                builder ??= scraped.ToBuilder();
                builder.Set("exported_" + t.Name, existing);
            }
            builder ??= scraped.ToBuilder();
            builder.Set(t.Name, t.Value);
        }
        return builder?.Build() ?? scraped;
    }

    private void AppendReportSeries(IAppender appender, long t, bool up, TimeSpan duration, int scraped, int postRelabel, int seriesAdded)
    {
        appender.Append(ReportLabels("up"), t, up ? 1 : 0);
        appender.Append(ReportLabels("scrape_duration_seconds"), t, duration.TotalSeconds);
        appender.Append(ReportLabels("scrape_samples_scraped"), t, scraped);
        appender.Append(ReportLabels("scrape_samples_post_metric_relabeling"), t, postRelabel);
        appender.Append(ReportLabels("scrape_series_added"), t, seriesAdded);
    }

    private LabelSet ReportLabels(string name) => Target.Labels.ToBuilder().Set(LabelNames.MetricName, name).Build();

    private void Record(ScrapeReport report, AppendResult result)
    {
        _metrics.Scrapes.Add(1, _jobTag);
        _metrics.ScrapeDuration.Record(report.Duration.TotalSeconds, _jobTag);
        _metrics.SamplesAppended.Add(report.SamplesAppended, _jobTag);
        if (result.OutOfOrder > 0) _metrics.SamplesRejected.Add(result.OutOfOrder, _jobTag, new("reason", "out_of_order"));
        if (result.DuplicateTimestamp > 0) _metrics.SamplesRejected.Add(result.DuplicateTimestamp, _jobTag, new("reason", "duplicate_timestamp"));
        if (report.Error is not null)
        {
            _metrics.ScrapeFailures.Add(1, _jobTag);
            LogScrapeFailed(Target.Job, Target.Url, report.Error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scrape failed for job {Job} target {Url}: {Error}")]
    private partial void LogScrapeFailed(string job, Uri url, string error);
}
