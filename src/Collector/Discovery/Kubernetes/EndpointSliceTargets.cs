using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// The endpointslice role: one target per endpoint (its first address) and port of an EndpointSlice,
/// with the labels of its service (label <c>kubernetes.io/service-name</c>) and of a backing pod.
/// </summary>
internal static class EndpointSliceTargets
{
    private const string S = MetaLabels.Prefix + "endpointslice_";
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public static string Source(string key) => "endpointslice/" + key;

    public static TargetGroup Build(EndpointSlice slice, Service? service, Func<string, Pod?> pods, Func<string, Node?>? nodes = null)
    {
        LabelSetBuilder group = service is null ? new LabelSetBuilder() : ServiceTargets.Labels(service);
        group.Set(MetaLabels.Namespace, slice.Metadata.Namespace);
        MetaLabels.AddObjectMeta(group, slice.Metadata, "endpointslice", withAnnotations: false);
        group.Set(S + "address_type", slice.AddressType);

        var targets = new List<LabelSet>();
        var seenPods = new Dictionary<string, (Pod Pod, List<int> Ports)>(StringComparer.Ordinal);
        foreach (EndpointPort port in slice.Ports)
        {
            foreach (SliceEndpoint ep in slice.Endpoints)
            {
                if (ep.Addresses.Count == 0) continue;
                var t = new LabelSetBuilder()
                    .Set(MetaLabels.Address, MetaLabels.JoinHostPort(ep.Addresses[0], port.Port))
                    .Set(S + "port", MetaLabels.Number(port.Port))
                    .Set(S + "port_name", port.Name)
                    .Set(S + "port_protocol", port.Protocol)
                    .Set(S + "port_app_protocol", port.AppProtocol ?? "")
                    .Set(S + "endpoint_hostname", ep.Hostname ?? "")
                    .Set(S + "endpoint_node_name", ep.NodeName ?? "")
                    .Set(S + "endpoint_zone", ep.Zone ?? "");
                if (ep.Conditions.Ready is { } ready) t.Set(S + "endpoint_conditions_ready", MetaLabels.Bool(ready));
                if (ep.Conditions.Serving is { } serving) t.Set(S + "endpoint_conditions_serving", MetaLabels.Bool(serving));
                if (ep.Conditions.Terminating is { } terminating) t.Set(S + "endpoint_conditions_terminating", MetaLabels.Bool(terminating));
                if (ep.TargetRef is { } r)
                {
                    t.Set(S + "address_target_kind", r.Kind);
                    t.Set(S + "address_target_name", r.Name);
                }
                Pod? pod = ep.TargetRef is { Kind: "Pod" } pr ? pods($"{(pr.Namespace.Length > 0 ? pr.Namespace : slice.Metadata.Namespace)}/{pr.Name}") : null;
                NodeTargets.AddNodeMetadata(t, ep.NodeName ?? pod?.Spec.NodeName, nodes);
                if (pod is not null)
                {
                    string key = ResourceWatcher<Pod>.KeyOf(pod.Metadata);
                    if (!seenPods.TryGetValue(key, out var seen)) seenPods[key] = seen = (pod, []);
                    seen.Ports.Add(port.Port);
                    PodTargets.AddPodLabels(t, pod);
                    foreach (Container c in pod.Spec.Containers)
                    {
                        ContainerPortSpec? cp = c.Ports.FirstOrDefault(p => p.ContainerPort == port.Port);
                        if (cp is null) continue;
                        t.Set(PodTargets.ContainerName, c.Name).Set(PodTargets.ContainerImage, c.Image)
                         .Set(PodTargets.PortName, cp.Name).Set(PodTargets.PortNumber, MetaLabels.Number(port.Port))
                         .Set(PodTargets.PortProtocol, port.Protocol);
                        break;
                    }
                }
                targets.Add(t.Build());
            }
        }
        foreach (var (pod, ports) in seenPods.Values) EndpointsTargets.AddUncoveredContainerPorts(targets, pod, ports);
        return new TargetGroup(Source(ResourceWatcher<EndpointSlice>.KeyOf(slice.Metadata)), targets, group.Build());
    }
}
