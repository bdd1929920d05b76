namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>core/v1 Endpoints.</summary>
internal sealed class Endpoints : IKubernetesObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public List<EndpointSubset> Subsets { get; set; } = [];
}

internal sealed class EndpointSubset
{
    public List<EndpointAddress> Addresses { get; set; } = [];
    public List<EndpointAddress> NotReadyAddresses { get; set; } = [];
    public List<EndpointPort> Ports { get; set; } = [];
}

internal sealed class EndpointAddress
{
    public string Ip { get; set; } = "";
    public string Hostname { get; set; } = "";
    public string? NodeName { get; set; }
    public ObjectReference? TargetRef { get; set; }
}

internal sealed class EndpointPort
{
    public string Name { get; set; } = "";
    public int Port { get; set; }
    public string Protocol { get; set; } = "TCP";
    public string? AppProtocol { get; set; }
}
