using System.Diagnostics.Metrics;

namespace Metrics.Collector.Discovery;

/// <summary>Discovery's self-monitoring instruments (the analogues of Prometheus's <c>prometheus_sd_*</c>), published on /metrics.</summary>
public sealed class DiscoveryMetrics : IDisposable
{
    public const string MeterName = "Metrics.Collector.Discovery";

    private readonly Meter _meter;

    public DiscoveryMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        KubernetesEvents = _meter.CreateCounter<long>("metrics_sd_kubernetes_events_total", description: "Objects added, updated or deleted as seen by Kubernetes discovery, by kind and event.");
        KubernetesFailures = _meter.CreateCounter<long>("metrics_sd_kubernetes_failures_total", description: "Failed Kubernetes list or watch requests, by kind and operation.");
        KubernetesRelists = _meter.CreateCounter<long>("metrics_sd_kubernetes_relists_total", description: "Full lists after a watch was too old (410 Gone), by kind.");
        FileReadErrors = _meter.CreateCounter<long>("metrics_sd_file_read_errors_total", description: "file_sd target files that could not be read or parsed.");
        TargetRebuilds = _meter.CreateCounter<long>("metrics_sd_target_rebuilds_total", description: "Times a job's targets were rebuilt after discovery changed, by job.");
    }

    public Counter<long> KubernetesEvents { get; }
    public Counter<long> KubernetesFailures { get; }
    public Counter<long> KubernetesRelists { get; }
    public Counter<long> FileReadErrors { get; }
    public Counter<long> TargetRebuilds { get; }

    /// <summary>Publishes the number of discovered targets (before relabeling) of each job.</summary>
    public void ObserveDiscovered(Func<IEnumerable<Measurement<long>>> read)
        => _meter.CreateObservableGauge("metrics_sd_discovered_targets", read, description: "Targets found by discovery before relabeling, by job.");

    public void Dispose() => _meter.Dispose();
}
