using System.Text.Json;

namespace Metrics.Collector.Discovery.Kubernetes.Model;

/// <summary>How API objects are read: camelCase fields, matched case-insensitively (<c>podIP</c>, <c>clusterIP</c>).</summary>
internal static class KubernetesJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>A list response: the items and the resourceVersion to watch from.</summary>
internal sealed class ObjectList<T>
{
    public ListMeta Metadata { get; set; } = new();
    public List<T> Items { get; set; } = [];
}

internal sealed class ListMeta
{
    public string ResourceVersion { get; set; } = "";
    public string? Continue { get; set; }
}

/// <summary>meta/v1 Status, the body of an error response or of a watch ERROR event.</summary>
internal sealed class ApiStatus
{
    public int Code { get; set; }
    public string Reason { get; set; } = "";
    public string Message { get; set; } = "";
}
