using System.Runtime.InteropServices;
using Metrics.Collector.Exposition;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Collector.Scrape;

public sealed partial class ScrapeLoop
{
    private const int ReportSeriesCount = 5;

    private readonly ScrapePayloadParser _parser = new();
    private readonly SeriesCache _cache = new();
    private readonly List<StagedSample> _staged = [];
    private readonly LabelSet[] _reportLabels;
    private const int MaxSharedNames = 8192;
    private readonly Dictionary<string, string> _sharedNames = new(StringComparer.Ordinal);
    // The series of the previous and the current scrape, for staleness; swapped and cleared, never reallocated.
    private HashSet<LabelSet> _previousSeries = [];
    private HashSet<LabelSet> _currentSeries = [];
    private bool _overSampleLimit;

    private readonly record struct StagedSample(LabelSet Labels, double Value, long? TimestampMs);

    /// <summary>Parses the whole body into <see cref="_staged"/>; returns the error that fails the scrape, if any.</summary>
    private string? ParseAndStage(ReadOnlySpan<byte> body, ExpositionFormat format, out int scraped)
    {
        scraped = 0;
        _overSampleLimit = false;
        var sink = new StagingSink(this);
        try
        {
            scraped = _parser.Parse(body, format, ref sink);
        }
        catch (ExpositionFormatException e)
        {
            scraped = sink.Count;
            return e.Message;
        }
        catch (ScrapeLimitException e)
        {
            scraped = sink.Count;
            return e.Message;
        }
        // Prometheus counts samples after metric relabeling and allows exactly the limit.
        return _overSampleLimit ? "sample limit exceeded" : null;
    }

    /// <summary>Resolves one parsed sample to its stored labels through the cache and stages it.</summary>
    private void Stage(ReadOnlySpan<byte> series, int lineNumber, double value, long? timestampMs)
    {
        if (!_cache.TryGet(series, out LabelSet? labels))
        {
            labels = StoredLabels(series, lineNumber);
            _cache.Add(series, labels);
        }
        if (labels is null) return;                    // dropped by metric_relabel_configs
        int limit = Target.Limits.SampleLimit;
        if (limit > 0 && _staged.Count >= limit)
        {
            // The scrape has failed already; later lines are still parsed and label-checked, as in Prometheus
            // (where a label limit error wins over the sample limit), but no longer held in memory.
            _overSampleLimit = true;
            return;
        }
        _staged.Add(new StagedSample(labels, value, Target.HonorTimestamps ? timestampMs : null));
    }

    /// <summary>The labels a new series is stored under, or null when metric relabeling drops it; enforces the label limits.</summary>
    private LabelSet? StoredLabels(ReadOnlySpan<byte> series, int lineNumber)
    {
        LabelSet withTarget = WithTargetLabels(SeriesParser.Parse(series, lineNumber));
        LabelSet? labels = Target.MetricRelabelConfigs.Count == 0 ? withTarget
            : Relabel.Relabeler.Process(withTarget, Target.MetricRelabelConfigs);
        if (labels is null) return null;
        if (labels.MetricName.Length == 0) throw new ScrapeLimitException("missing metric name (__name__ label)");
        LabelLimitChecker.Check(labels, Target.Limits);
        return ShareNames(labels);
    }

    /// <summary>
    /// The same labels with label names and metric names replaced by this target's shared instances: a target
    /// repeats a few hundred of them over thousands of series, and the cache keeps every series' labels alive.
    /// </summary>
    /// <remarks>Values other than the metric name are often unique (paths, ids), so they are left alone.</remarks>
    private LabelSet ShareNames(LabelSet labels)
    {
        ReadOnlySpan<Label> source = labels.AsSpan();
        var shared = new Label[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            string name = Shared(source[i].Name);
            shared[i] = new Label(name, name == LabelNames.MetricName ? Shared(source[i].Value) : source[i].Value);
        }
        return LabelSet.From(shared);
    }

    private string Shared(string s)
    {
        if (_sharedNames.TryGetValue(s, out string? existing)) return existing;
        // Bounded: a target inventing names without end only stops sharing, it cannot grow this table.
        if (_sharedNames.Count < MaxSharedNames) _sharedNames.Add(s, s);
        return s;
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

    /// <summary>Appends the staged samples, staleness markers for vanished series, and the report series, in one commit.</summary>
    private (AppendResult Result, int PostRelabel, int SeriesAdded, int StaleMarkers) AppendStaged(long t, bool up, TimeSpan duration, int scraped)
    {
        IAppender appender = _storage.CreateAppender();
        int seriesAdded = 0;
        foreach (ref readonly StagedSample s in CollectionsMarshal.AsSpan(_staged))
        {
            appender.Append(s.Labels, s.TimestampMs ?? t, s.Value);
            // Samples with their own timestamps are exempt from staleness, as in Prometheus.
            if (s.TimestampMs is null && _currentSeries.Add(s.Labels) && !_previousSeries.Contains(s.Labels)) seriesAdded++;
        }
        int staleMarkers = 0;
        foreach (LabelSet gone in _previousSeries)
        {
            if (_currentSeries.Contains(gone)) continue;
            appender.Append(gone, t, StaleMarker.Value);
            staleMarkers++;
        }
        int postRelabel = _staged.Count;
        appender.Append(_reportLabels[0], t, up ? 1 : 0);
        appender.Append(_reportLabels[1], t, duration.TotalSeconds);
        appender.Append(_reportLabels[2], t, scraped);
        appender.Append(_reportLabels[3], t, postRelabel);
        appender.Append(_reportLabels[4], t, seriesAdded);
        AppendResult result = appender.Commit();

        (_previousSeries, _currentSeries) = (_currentSeries, _previousSeries);
        _currentSeries.Clear();
        _staged.Clear();                               // drop the label references until the next scrape
        return (result, postRelabel, seriesAdded, staleMarkers);
    }

    private static LabelSet[] BuildReportLabels(LabelSet target) =>
    [
        ReportLabels(target, "up"),
        ReportLabels(target, "scrape_duration_seconds"),
        ReportLabels(target, "scrape_samples_scraped"),
        ReportLabels(target, "scrape_samples_post_metric_relabeling"),
        ReportLabels(target, "scrape_series_added"),
    ];

    private static LabelSet ReportLabels(LabelSet target, string name) => target.ToBuilder().Set(LabelNames.MetricName, name).Build();

    /// <summary>Feeds parsed samples to <see cref="Stage"/>; a struct so the parser's calls inline.</summary>
    private struct StagingSink(ScrapeLoop loop) : IScrapeSampleSink
    {
        public int Count;

        public void OnSample(ReadOnlySpan<byte> series, int lineNumber, double value, long? timestampMs)
        {
            Count++;
            loop.Stage(series, lineNumber, value, timestampMs);
        }
    }
}
