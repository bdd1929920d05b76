namespace Metrics.Collector.Discovery;

/// <summary>Settings shared by the discovery manager and its providers.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>host:port that the static target name <c>self</c> stands for.</summary>
    public required string SelfAddress { get; init; }

    /// <summary>
    /// How long to gather changes before rebuilding targets. Prometheus waits 5s; a short wait keeps
    /// a new pod scraped within a second while a relist's burst still becomes one rebuild.
    /// </summary>
    public TimeSpan UpdateDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where discovery counts what it does; a private instance when not shared through DI.</summary>
    public DiscoveryMetrics Metrics { get; init; } = new();

    /// <summary>List and watch timing for kubernetes_sd.</summary>
    public Kubernetes.WatchOptions Watch { get; init; } = new();

    /// <summary>Where in-cluster Kubernetes credentials and environment variables come from.</summary>
    public Kubernetes.KubernetesEnvironment Kubernetes { get; init; } = global::Metrics.Collector.Discovery.Kubernetes.KubernetesEnvironment.Default;
}
