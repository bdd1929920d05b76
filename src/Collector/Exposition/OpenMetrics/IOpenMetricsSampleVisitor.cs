namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>Receives the samples of an OpenMetrics file; implement it on a struct so the calls inline.</summary>
public interface IOpenMetricsSampleVisitor
{
    /// <summary>Handles one sample; <paramref name="series"/> (name and label block as written) is valid only during the call.</summary>
    void OnSample(ReadOnlySpan<byte> series, double value, long timestampMs);
}
