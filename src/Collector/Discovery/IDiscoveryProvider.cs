namespace Metrics.Collector.Discovery;

/// <summary>Receives changed target groups from a provider; called from the provider's own task.</summary>
public delegate void TargetGroupSink(IReadOnlyList<TargetGroup> changed);

/// <summary>One source of targets for a scrape config: static, file or Kubernetes discovery.</summary>
public interface IDiscoveryProvider
{
    /// <summary>
    /// Reports the current groups, then every change, until <paramref name="ct"/> is cancelled.
    /// A provider that never changes (static) may report once and return.
    /// </summary>
    Task RunAsync(TargetGroupSink sink, CancellationToken ct);
}
