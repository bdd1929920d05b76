namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>A server-side filter for one kind of watched object (<c>selectors</c> in the config).</summary>
/// <param name="Label">A label selector such as <c>app=web,tier!=cache</c>; may hold <c>$VAR</c> references.</param>
/// <param name="Field">A field selector such as <c>spec.nodeName=$NODE_NAME</c>; may hold <c>$VAR</c> references.</param>
public sealed record KubernetesSelector(KubernetesRole Role, string Label, string Field);
