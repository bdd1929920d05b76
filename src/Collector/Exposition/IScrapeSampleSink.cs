namespace Metrics.Collector.Exposition;

/// <summary>Receives the samples of one scrape body; implement it on a struct so the calls inline.</summary>
public interface IScrapeSampleSink
{
    /// <summary>
    /// Handles one sample. <paramref name="series"/> is the name and label block as written, valid only during
    /// the call; <paramref name="lineNumber"/> is for error messages.
    /// </summary>
    void OnSample(ReadOnlySpan<byte> series, int lineNumber, double value, long? timestampMs);
}
