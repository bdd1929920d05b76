namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>core/v1 Pod.</summary>
internal sealed class Pod : IKubernetesObject
{
    public ObjectMeta Metadata { get; set; } = new();
    public PodSpec Spec { get; set; } = new();
    public PodStatus Status { get; set; } = new();
}

internal sealed class PodSpec
{
    public string NodeName { get; set; } = "";
    public List<Container> Containers { get; set; } = [];
    public List<Container> InitContainers { get; set; } = [];
}

internal sealed class Container
{
    public string Name { get; set; } = "";
    public string Image { get; set; } = "";
    public List<ContainerPortSpec> Ports { get; set; } = [];
}

internal sealed class ContainerPortSpec
{
    public string Name { get; set; } = "";
    public int ContainerPort { get; set; }
    public string Protocol { get; set; } = "TCP";
}

internal sealed class PodStatus
{
    public string Phase { get; set; } = "";
    public string PodIP { get; set; } = "";
    public string HostIP { get; set; } = "";
    public List<PodCondition> Conditions { get; set; } = [];
    public List<ContainerStatus> ContainerStatuses { get; set; } = [];
    public List<ContainerStatus> InitContainerStatuses { get; set; } = [];
}

internal sealed class PodCondition
{
    public string Type { get; set; } = "";
    public string Status { get; set; } = "";
}

internal sealed class ContainerStatus
{
    public string Name { get; set; } = "";
    public string ContainerID { get; set; } = "";
}
