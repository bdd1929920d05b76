namespace Metrics.Collector.Exposition;

/// <summary>
/// One HELP, TYPE or sample line read by <see cref="TextExpositionReader"/>. Its spans alias the
/// payload and stay valid only as long as the payload does.
/// </summary>
public readonly ref struct ExpositionEntry
{
    private ExpositionEntry(ExpositionEntryKind kind, ReadOnlySpan<byte> metricName, ReadOnlySpan<byte> series,
        ReadOnlySpan<byte> text, double value, long? timestampMs, MetricType metricType)
    {
        Kind = kind;
        MetricName = metricName;
        Series = series;
        Text = text;
        Value = value;
        TimestampMs = timestampMs;
        MetricType = metricType;
    }

    public ExpositionEntryKind Kind { get; }

    /// <summary>The metric name for every kind; for a sample it is the start of <see cref="Series"/>.</summary>
    public ReadOnlySpan<byte> MetricName { get; }

    /// <summary>For a sample, the metric name and label block exactly as written (blanks inside kept), e.g. <c>up{job="a"}</c>.</summary>
    /// <remarks>Byte-identical lines give identical series, so a scrape cache can key on these bytes.</remarks>
    public ReadOnlySpan<byte> Series { get; }

    /// <summary>For HELP, the docstring still escaped as written; for TYPE, the type word.</summary>
    public ReadOnlySpan<byte> Text { get; }

    /// <summary>The sample value; NaN is Go's <c>math.NaN()</c> bit pattern, never the stale marker.</summary>
    public double Value { get; }

    /// <summary>The sample's timestamp in milliseconds since the epoch, when the line gave one.</summary>
    public long? TimestampMs { get; }

    /// <summary>For TYPE, the declared type.</summary>
    public MetricType MetricType { get; }

    /// <summary>The HELP docstring with <c>\\</c> and <c>\n</c> unescaped; allocates, so only call it when the text is wanted.</summary>
    public string GetHelpText() => Kind == ExpositionEntryKind.Help ? EscapeDecoder.Help(Text) : string.Empty;

    /// <summary>The metric name as a string; allocates.</summary>
    public string GetMetricName() => System.Text.Encoding.UTF8.GetString(MetricName);

    internal static ExpositionEntry Sample(ReadOnlySpan<byte> series, int nameLength, double value, long? timestampMs) =>
        new(ExpositionEntryKind.Sample, series[..nameLength], series, default, value, timestampMs, MetricType.Untyped);

    internal static ExpositionEntry Help(ReadOnlySpan<byte> metricName, ReadOnlySpan<byte> text) =>
        new(ExpositionEntryKind.Help, metricName, default, text, 0, null, MetricType.Untyped);

    internal static ExpositionEntry Type(ReadOnlySpan<byte> metricName, ReadOnlySpan<byte> text, MetricType type) =>
        new(ExpositionEntryKind.Type, metricName, default, text, 0, null, type);
}
