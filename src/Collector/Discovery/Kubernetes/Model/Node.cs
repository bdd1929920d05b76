namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>core/v1 Node.</summary>
internal sealed class Node : IKubernetesObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public NodeSpec Spec { get; set; } = new();
    public NodeStatus Status { get; set; } = new();
}

internal sealed class NodeSpec
{
    public string ProviderID { get; set; } = "";
}

internal sealed class NodeStatus
{
    public List<NodeAddress> Addresses { get; set; } = [];
    public NodeDaemonEndpoints DaemonEndpoints { get; set; } = new();
}

internal sealed class NodeAddress
{
    public string Type { get; set; } = "";
    public string Address { get; set; } = "";
}

internal sealed class NodeDaemonEndpoints
{
    public DaemonEndpoint KubeletEndpoint { get; set; } = new();
}

internal sealed class DaemonEndpoint
{
    public int Port { get; set; }
}
