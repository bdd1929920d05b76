using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// The node role: one target per node at its kubelet port, on its first address by Kubernetes's
/// preference (InternalIP, InternalDNS, ExternalIP, ExternalDNS, LegacyHostIP, Hostname);
/// <c>instance</c> is the node name.
/// </summary>
internal static class NodeTargets
{
    private const string N = MetaLabels.Prefix + "node_";
    private static readonly string[] AddressPreference = ["InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname"];

    public static string Source(string key) => "node/" + key;

    /// <summary>
    /// <c>attach_metadata.node</c>: the node's name and labels (not annotations) on a pod or endpoint
    /// target; nothing when the node is unknown, as in Prometheus.
    /// </summary>
    public static void AddNodeMetadata(LabelSetBuilder labels, string? nodeName, Func<string, Node?>? nodes)
    {
        if (nodes is null || string.IsNullOrEmpty(nodeName) || nodes(nodeName) is not { } node) return;
        MetaLabels.AddObjectMeta(labels, node.Metadata, "node", withAnnotations: false);
    }

    /// <summary>The node's group; empty when it reports no usable address.</summary>
    public static TargetGroup Build(Node node)
    {
        string source = Source(node.Metadata.Name);
        var firstByType = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (NodeAddress a in node.Status.Addresses) firstByType.TryAdd(a.Type, a.Address);
        string? address = null;
        foreach (string type in AddressPreference)
            if (firstByType.TryGetValue(type, out address)) break;
        if (address is null) return TargetGroup.Removed(source);

        var groupLabels = new LabelSetBuilder();
        MetaLabels.AddObjectMeta(groupLabels, node.Metadata, "node");
        groupLabels.Set(N + "provider_id", node.Spec.ProviderID);
        var target = new LabelSetBuilder()
            .Set(MetaLabels.Address, MetaLabels.JoinHostPort(address, node.Status.DaemonEndpoints.KubeletEndpoint.Port))
            .Set(LabelNames.Instance, node.Metadata.Name);
        foreach (var (type, value) in firstByType) target.Set(MetaLabels.Sanitize(N + "address_" + type), value);
        return new TargetGroup(source, [target.Build()], groupLabels.Build());
    }
}
