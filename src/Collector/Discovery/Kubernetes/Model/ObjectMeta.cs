namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>The metadata every Kubernetes object carries (only the fields discovery uses).</summary>
internal sealed class ObjectMeta
{
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string Uid { get; set; } = "";
    public string ResourceVersion { get; set; } = "";
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public List<OwnerReference>? OwnerReferences { get; set; }
}

internal sealed class OwnerReference
{
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public bool? Controller { get; set; }
}

internal sealed class ObjectReference
{
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string Namespace { get; set; } = "";
}

/// <summary>Any object with metadata: what the watcher needs to key and version it.</summary>
internal interface IKubernetesObject
{
    ObjectMeta Metadata { get; }
}
