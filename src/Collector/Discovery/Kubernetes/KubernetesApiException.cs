namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>The API server refused a request or a watch reported an error; <see cref="Code"/> is its HTTP status.</summary>
public sealed class KubernetesApiException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
