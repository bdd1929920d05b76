using System.Diagnostics.Metrics;

namespace Metrics.Store;

/// <summary>The store's self-monitoring instruments, published on /metrics.</summary>
public sealed class StoreMetrics : IDisposable
{
    public const string MeterName = "Metrics.Store";

    private readonly Meter _meter;

    public StoreMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        SamplesAppended = _meter.CreateCounter<long>("metrics_tsdb_head_samples_appended_total", description: "Samples appended to the head.");
        SamplesRejected = _meter.CreateCounter<long>("metrics_tsdb_samples_rejected_total", description: "Samples refused by the head, by reason.");
        SeriesCreated = _meter.CreateCounter<long>("metrics_tsdb_head_series_created_total", description: "Series created in the head.");
        SeriesRemoved = _meter.CreateCounter<long>("metrics_tsdb_head_series_removed_total", description: "Series removed from the head by truncation.");
        WalBytes = _meter.CreateCounter<long>("metrics_tsdb_wal_written_bytes_total", description: "Bytes written to the write-ahead log.");
        WalCorruptions = _meter.CreateCounter<long>("metrics_tsdb_wal_corruptions_total", description: "Corrupt or torn WAL tails truncated at startup.");
    }

    public Counter<long> SamplesAppended { get; }
    public Counter<long> SamplesRejected { get; }
    public Counter<long> SeriesCreated { get; }
    public Counter<long> SeriesRemoved { get; }
    public Counter<long> WalBytes { get; }
    public Counter<long> WalCorruptions { get; }

    /// <summary>Registers a gauge read at scrape time.</summary>
    public void ObserveGauge(string name, string description, Func<double> read) => _meter.CreateObservableGauge(name, read, description: description);

    public void Dispose() => _meter.Dispose();
}
