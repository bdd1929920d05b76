using System.Diagnostics.Metrics;

namespace Metrics.Collector.RemoteWrite;

/// <summary>The remote-write client's instruments, published on /metrics, each tagged with the queue's name and URL.</summary>
public sealed class RemoteWriteMetrics : IDisposable
{
    public const string MeterName = "Metrics.Collector.RemoteWrite";

    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private readonly List<RemoteWriteQueue> _queues = [];

    public RemoteWriteMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        SamplesSent = _meter.CreateCounter<long>("metrics_remote_write_samples_sent_total", description: "Samples the receiver acknowledged (2xx).");
        SamplesFailed = _meter.CreateCounter<long>("metrics_remote_write_samples_failed_total", description: "Samples in requests refused with a non-retryable 4xx; they are dropped.");
        SamplesRetried = _meter.CreateCounter<long>("metrics_remote_write_samples_retried_total", description: "Samples in requests that failed retryably (5xx, 429, timeout, network) and were sent again.");
        SamplesDropped = _meter.CreateCounter<long>("metrics_remote_write_samples_dropped_total", description: "Samples that will never be delivered, by reason (rejected, buffer_full, buffer_write_failed, corrupt).");
        _meter.CreateObservableGauge("metrics_remote_write_samples_pending", () => Observe(q => q.Buffer.PendingSamples),
            description: "Samples in the durable buffer not yet acknowledged by the receiver.");
        _meter.CreateObservableGauge("metrics_remote_write_buffer_bytes", () => Observe(q => q.Buffer.Bytes),
            description: "Bytes of the durable buffer on disk.");
        _meter.CreateObservableGauge("metrics_remote_write_shards", () => Observe(q => q.CurrentShards),
            description: "Shards sending in parallel now (scales with the backlog between min_shards and max_shards).");
        _meter.CreateObservableGauge("metrics_remote_write_highest_sent_timestamp_seconds", () => ObserveSeconds(),
            description: "Newest sample timestamp the receiver acknowledged, in Unix seconds.");
    }

    public Counter<long> SamplesSent { get; }
    public Counter<long> SamplesFailed { get; }
    public Counter<long> SamplesRetried { get; }
    public Counter<long> SamplesDropped { get; }

    internal void Register(RemoteWriteQueue queue)
    {
        lock (_gate) _queues.Add(queue);
    }

    internal void Unregister(RemoteWriteQueue queue)
    {
        lock (_gate) _queues.Remove(queue);
    }

    private List<Measurement<long>> Observe(Func<RemoteWriteQueue, long> read)
    {
        lock (_gate)
        {
            var result = new List<Measurement<long>>(_queues.Count);
            foreach (RemoteWriteQueue q in _queues) result.Add(new Measurement<long>(read(q), q.Tags));
            return result;
        }
    }

    private List<Measurement<double>> ObserveSeconds()
    {
        lock (_gate)
        {
            var result = new List<Measurement<double>>(_queues.Count);
            foreach (RemoteWriteQueue q in _queues)
            {
                if (q.HighestSentTimestampMs is { } ms) result.Add(new Measurement<double>(ms / 1000.0, q.Tags));
            }
            return result;
        }
    }

    public void Dispose() => _meter.Dispose();
}
