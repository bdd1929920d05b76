using Metrics.Collector.Exposition;

namespace Metrics.ScrapeBench;

/// <summary>Touches every sample so the parser's work cannot be optimised away.</summary>
internal struct CountingSink : IScrapeSampleSink
{
    public long Bytes;
    public double Sum;

    public void OnSample(ReadOnlySpan<byte> series, int lineNumber, double value, long? timestampMs)
    {
        Bytes += series.Length;
        Sum += value;
    }
}
