using Metrics.Collector.Exposition.OpenMetrics;

namespace Metrics.Collector.Exposition;

/// <summary>
/// Parses scrape bodies of either format for one target, keeping the per-body bookkeeping (TYPE names,
/// family rules) between scrapes so that parsing allocates nothing in steady state. Not thread-safe.
/// </summary>
/// <remarks>
/// Exemplars are validated and dropped, as Prometheus does without its exemplar storage; OpenMetrics
/// <c>_created</c> samples are ordinary series, as Prometheus 2.x stores them.
/// </remarks>
public sealed class ScrapePayloadParser
{
    private readonly MetricNameSet _typedNames = new();
    private readonly OpenMetricsReaderState _openMetrics = new();

    /// <summary>Hands every sample of <paramref name="payload"/> to <paramref name="sink"/>; returns how many there were.</summary>
    /// <exception cref="ExpositionFormatException">A line is malformed, or an OpenMetrics body lacks <c># EOF</c>. Samples before it were handed over.</exception>
    public int Parse<TSink>(ReadOnlySpan<byte> payload, ExpositionFormat format, ref TSink sink)
        where TSink : struct, IScrapeSampleSink
        => format == ExpositionFormat.OpenMetrics ? ParseOpenMetrics(payload, ref sink) : ParseText(payload, ref sink);

    private int ParseText<TSink>(ReadOnlySpan<byte> payload, ref TSink sink)
        where TSink : struct, IScrapeSampleSink
    {
        var reader = new TextExpositionReader(payload, _typedNames);
        int samples = 0;
        while (reader.TryRead(out ExpositionEntry entry))
        {
            if (entry.Kind != ExpositionEntryKind.Sample) continue;
            sink.OnSample(entry.Series, reader.LineNumber, entry.Value, entry.TimestampMs);
            samples++;
        }
        return samples;
    }

    private int ParseOpenMetrics<TSink>(ReadOnlySpan<byte> payload, ref TSink sink)
        where TSink : struct, IScrapeSampleSink
    {
        _openMetrics.Reset();
        var reader = new OpenMetricsReader(payload, _openMetrics, isLastChunk: true);
        int samples = 0;
        while (reader.TryRead(out OpenMetricsEntry entry))
        {
            if (entry.Kind != OpenMetricsEntryKind.Sample) continue;
            sink.OnSample(entry.Series, reader.LineNumber, entry.Value, entry.TimestampMs);
            samples++;
        }
        return samples;
    }
}
