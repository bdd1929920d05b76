namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>Where a kind of object lives in the API: <c>/api/v1/pods</c>, <c>/apis/discovery.k8s.io/v1/endpointslices</c>.</summary>
internal sealed record ResourceKind(string GroupVersionPath, string Plural, bool Namespaced)
{
    public static readonly ResourceKind Pods = new("/api/v1", "pods", true);
    public static readonly ResourceKind Services = new("/api/v1", "services", true);
    public static readonly ResourceKind Endpoints = new("/api/v1", "endpoints", true);
    public static readonly ResourceKind EndpointSlices = new("/apis/discovery.k8s.io/v1", "endpointslices", true);
    public static readonly ResourceKind Nodes = new("/api/v1", "nodes", false);

    /// <summary>The collection path, in one namespace or (for null) across all.</summary>
    public string Path(string? ns) => ns is null || !Namespaced
        ? $"{GroupVersionPath}/{Plural}"
        : $"{GroupVersionPath}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}";
}
