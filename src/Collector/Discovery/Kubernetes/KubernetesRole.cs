namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>The kind of Kubernetes object a kubernetes_sd_config turns into targets.</summary>
public enum KubernetesRole
{
    Pod,
    Service,
    Endpoints,
    EndpointSlice,
    Node,
}
