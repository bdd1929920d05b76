using System.Text;

namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>
/// One TYPE, HELP, UNIT or sample line read by <see cref="OpenMetricsReader"/>. Its spans alias the
/// payload and are valid only until the reader's next call.
/// </summary>
public readonly ref struct OpenMetricsEntry
{
    private OpenMetricsEntry(OpenMetricsEntryKind kind, ReadOnlySpan<byte> metricName, ReadOnlySpan<byte> series,
        ReadOnlySpan<byte> text, double value, long? timestampMs, OpenMetricsType type,
        ReadOnlySpan<byte> exemplarLabels, double exemplarValue, long? exemplarTimestampMs)
    {
        Kind = kind;
        MetricName = metricName;
        Series = series;
        Text = text;
        Value = value;
        TimestampMs = timestampMs;
        Type = type;
        ExemplarLabels = exemplarLabels;
        ExemplarValue = exemplarValue;
        ExemplarTimestampMs = exemplarTimestampMs;
    }

    public OpenMetricsEntryKind Kind { get; }

    /// <summary>For a sample, the metric name at the start of <see cref="Series"/>; for metadata, the family name.</summary>
    public ReadOnlySpan<byte> MetricName { get; }

    /// <summary>For a sample, the metric name and label block exactly as written, e.g. <c>up{job="a"}</c>.</summary>
    /// <remarks>
    /// OpenMetrics series are a strict subset of the text format's, so <see cref="SeriesParser.Parse(ReadOnlySpan{byte})"/>
    /// turns them into a label set.
    /// </remarks>
    public ReadOnlySpan<byte> Series { get; }

    /// <summary>For HELP the docstring still escaped, for UNIT the unit, for TYPE the type word as written.</summary>
    public ReadOnlySpan<byte> Text { get; }

    /// <summary>The sample value; NaN is Go's <c>math.NaN()</c> bit pattern, never the stale marker.</summary>
    public double Value { get; }

    /// <summary>The sample's timestamp in milliseconds since the epoch, when the line gave one.</summary>
    public long? TimestampMs { get; }

    /// <summary>For TYPE the declared type; for a sample the type of the family it belongs to.</summary>
    public OpenMetricsType Type { get; }

    /// <summary>Whether the sample line carried an exemplar (<c># {labels} value [timestamp]</c>).</summary>
    public bool HasExemplar => !ExemplarLabels.IsEmpty;

    /// <summary>The exemplar's label block as written, braces included; empty without an exemplar.</summary>
    public ReadOnlySpan<byte> ExemplarLabels { get; }

    public double ExemplarValue { get; }

    public long? ExemplarTimestampMs { get; }

    /// <summary>The HELP docstring with <c>\\</c>, <c>\"</c> and <c>\n</c> unescaped; allocates.</summary>
    /// <remarks>Like Prometheus, any other backslash stays as written rather than failing the exposition.</remarks>
    public string GetHelpText() =>
        Kind == OpenMetricsEntryKind.Help ? EscapeDecoder.LabelValue(Text, Text.Contains((byte)'\\')) : string.Empty;

    /// <summary>The metric (or family) name as a string; allocates.</summary>
    public string GetMetricName() => Encoding.ASCII.GetString(MetricName);

    internal static OpenMetricsEntry Sample(ReadOnlySpan<byte> series, int nameLength, double value, long? timestampMs,
        OpenMetricsType type, ReadOnlySpan<byte> exemplarLabels, double exemplarValue, long? exemplarTimestampMs) =>
        new(OpenMetricsEntryKind.Sample, series[..nameLength], series, default, value, timestampMs, type,
            exemplarLabels, exemplarValue, exemplarTimestampMs);

    internal static OpenMetricsEntry Metadata(OpenMetricsEntryKind kind, ReadOnlySpan<byte> familyName,
        ReadOnlySpan<byte> text, OpenMetricsType type) =>
        new(kind, familyName, default, text, 0, null, type, default, 0, null);
}
