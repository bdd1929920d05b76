namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>discovery.k8s.io/v1 EndpointSlice.</summary>
internal sealed class EndpointSlice : IKubernetesObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public string AddressType { get; set; } = "";
    public List<SliceEndpoint> Endpoints { get; set; } = [];
    public List<EndpointPort> Ports { get; set; } = [];
}

internal sealed class SliceEndpoint
{
    public List<string> Addresses { get; set; } = [];
    public SliceConditions Conditions { get; set; } = new();
    public string? Hostname { get; set; }
    public string? NodeName { get; set; }
    public string? Zone { get; set; }
    public ObjectReference? TargetRef { get; set; }
}

internal sealed class SliceConditions
{
    public bool? Ready { get; set; }
    public bool? Serving { get; set; }
    public bool? Terminating { get; set; }
}
