namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>core/v1 Service.</summary>
internal sealed class Service : IKubernetesObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public ServiceSpec Spec { get; set; } = new();
}

internal sealed class ServiceSpec
{
    public string Type { get; set; } = "ClusterIP";
    public string ClusterIP { get; set; } = "";
    public string ExternalName { get; set; } = "";
    public List<ServicePort> Ports { get; set; } = [];
}

internal sealed class ServicePort
{
    public string Name { get; set; } = "";
    public int Port { get; set; }
    public string Protocol { get; set; } = "TCP";
}
