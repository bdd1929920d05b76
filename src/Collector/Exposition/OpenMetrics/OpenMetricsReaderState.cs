namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>
/// What an <see cref="OpenMetricsReader"/> must remember across the chunks of one exposition: the line
/// count, whether <c># EOF</c> was seen, and the metric families so far. Reusable after <see cref="Reset"/>.
/// </summary>
internal sealed class OpenMetricsReaderState
{
    public int LineNumber;
    public bool SawEof;
    public readonly OpenMetricsFamilies Families = new();

    public void Reset()
    {
        LineNumber = 0;
        SawEof = false;
        Families.Reset();
    }
}
