using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// The endpoints role: one target per address and port of an Endpoints object, with the labels of
/// its service (same name) and, for addresses backed by a pod, of that pod; a pod's container ports
/// that no endpoint port covers become targets of their own, as in Prometheus.
/// </summary>
internal static class EndpointsTargets
{
    private const string E = MetaLabels.Prefix + "endpoint_";

    public static string Source(string key) => "endpoints/" + key;

    /// <param name="service">The service named like the endpoints, if known.</param>
    /// <param name="pods">Looks a pod up by <c>namespace/name</c>.</param>
    /// <param name="nodes">Looks a node up by name when attach_metadata.node is on; null otherwise.</param>
    public static TargetGroup Build(Endpoints eps, Service? service, Func<string, Pod?> pods, Func<string, Node?>? nodes = null)
    {
        LabelSetBuilder group = service is null ? new LabelSetBuilder() : ServiceTargets.Labels(service);
        group.Set(MetaLabels.Namespace, eps.Metadata.Namespace);
        MetaLabels.AddObjectMeta(group, eps.Metadata, "endpoints", withAnnotations: false);

        var targets = new List<LabelSet>();
        var seenPods = new Dictionary<string, (Pod Pod, List<int> Ports)>(StringComparer.Ordinal);
        foreach (EndpointSubset subset in eps.Subsets)
        {
            foreach (EndpointPort port in subset.Ports)
            {
                foreach (EndpointAddress a in subset.Addresses) targets.Add(Target(eps.Metadata.Namespace, a, port, "true", pods, nodes, seenPods));
                foreach (EndpointAddress a in subset.NotReadyAddresses) targets.Add(Target(eps.Metadata.Namespace, a, port, "false", pods, nodes, seenPods));
            }
        }
        foreach (var (pod, ports) in seenPods.Values) AddUncoveredContainerPorts(targets, pod, ports);
        return new TargetGroup(Source(ResourceWatcher<Endpoints>.KeyOf(eps.Metadata)), targets, group.Build());
    }

    private static LabelSet Target(string ns, EndpointAddress a, EndpointPort port, string ready, Func<string, Pod?> pods, Func<string, Node?>? nodes,
        Dictionary<string, (Pod Pod, List<int> Ports)> seenPods)
    {
        var t = new LabelSetBuilder()
            .Set(MetaLabels.Address, MetaLabels.JoinHostPort(a.Ip, port.Port))
            .Set(E + "port_name", port.Name)
            .Set(E + "port_protocol", port.Protocol)
            .Set(E + "ready", ready);
        if (port.AppProtocol is { } app) t.Set(E + "port_app_protocol", app);
        if (a.TargetRef is { } r)
        {
            t.Set(E + "address_target_kind", r.Kind);
            t.Set(E + "address_target_name", r.Name);
        }
        if (a.NodeName is { } node) t.Set(E + "node_name", node);
        t.Set(E + "hostname", a.Hostname);

        Pod? pod = a.TargetRef is { Kind: "Pod" } pr ? pods($"{(pr.Namespace.Length > 0 ? pr.Namespace : ns)}/{pr.Name}") : null;
        NodeTargets.AddNodeMetadata(t, a.NodeName ?? pod?.Spec.NodeName, nodes);
        if (pod is null) return t.Build();
        string key = ResourceWatcher<Pod>.KeyOf(pod.Metadata);
        if (!seenPods.TryGetValue(key, out var seen)) seenPods[key] = seen = (pod, []);
        seen.Ports.Add(port.Port);
        PodTargets.AddPodLabels(t, pod);
        // The container port this endpoint port points at, if the pod declares it.
        foreach (Container c in pod.Spec.Containers)
        {
            ContainerPortSpec? cp = c.Ports.FirstOrDefault(p => p.ContainerPort == port.Port);
            if (cp is null) continue;
            t.Set(PodTargets.ContainerName, c.Name).Set(PodTargets.ContainerImage, c.Image)
             .Set(PodTargets.PortName, cp.Name).Set(PodTargets.PortNumber, MetaLabels.Number(port.Port))
             .Set(PodTargets.PortProtocol, port.Protocol);
            break;
        }
        return t.Build();
    }

    /// <summary>Container ports of a seen pod that no endpoint port targets still get a target.</summary>
    internal static void AddUncoveredContainerPorts(List<LabelSet> targets, Pod pod, List<int> covered)
    {
        foreach (Container c in pod.Spec.Containers)
        {
            foreach (ContainerPortSpec cp in c.Ports)
            {
                if (covered.Contains(cp.ContainerPort)) continue;
                var t = new LabelSetBuilder()
                    .Set(MetaLabels.Address, MetaLabels.JoinHostPort(pod.Status.PodIP, cp.ContainerPort))
                    .Set(PodTargets.ContainerName, c.Name).Set(PodTargets.ContainerImage, c.Image)
                    .Set(PodTargets.PortName, cp.Name).Set(PodTargets.PortNumber, MetaLabels.Number(cp.ContainerPort))
                    .Set(PodTargets.PortProtocol, cp.Protocol);
                PodTargets.AddPodLabels(t, pod);
                targets.Add(t.Build());
            }
        }
    }
}
