using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// The pod role: one target per declared container port (<c>podIP:port</c>), or one per container
/// without ports (<c>__address__</c> = the pod IP), init containers included and flagged.
/// </summary>
internal static class PodTargets
{
    private const string P = MetaLabels.Prefix + "pod_";
    public const string ContainerName = P + "container_name";
    public const string ContainerId = P + "container_id";
    public const string ContainerImage = P + "container_image";
    public const string ContainerInit = P + "container_init";
    public const string PortName = P + "container_port_name";
    public const string PortNumber = P + "container_port_number";
    public const string PortProtocol = P + "container_port_protocol";

    public static string Source(string key) => "pod/" + key;

    /// <summary>The pod's group; no targets while it has no IP yet (pending) or after eviction.</summary>
    /// <param name="nodes">Looks a node up by name when attach_metadata.node is on; null otherwise.</param>
    public static TargetGroup Build(Pod pod, Func<string, Node?>? nodes = null)
    {
        string source = Source(ResourceWatcher<Pod>.KeyOf(pod.Metadata));
        if (pod.Status.PodIP.Length == 0) return TargetGroup.Removed(source);
        var groupLabels = new LabelSetBuilder();
        AddPodLabels(groupLabels, pod);
        groupLabels.Set(MetaLabels.Namespace, pod.Metadata.Namespace);
        NodeTargets.AddNodeMetadata(groupLabels, pod.Spec.NodeName, nodes);

        var targets = new List<LabelSet>();
        int regular = pod.Spec.Containers.Count;
        for (int i = 0; i < regular + pod.Spec.InitContainers.Count; i++)
        {
            bool init = i >= regular;
            Container c = init ? pod.Spec.InitContainers[i - regular] : pod.Spec.Containers[i];
            string id = ContainerIdOf(init ? pod.Status.InitContainerStatuses : pod.Status.ContainerStatuses, c.Name);
            if (c.Ports.Count == 0)
            {
                targets.Add(new LabelSetBuilder()
                    .Set(MetaLabels.Address, pod.Status.PodIP)
                    .Set(ContainerName, c.Name).Set(ContainerId, id).Set(ContainerImage, c.Image)
                    .Set(ContainerInit, MetaLabels.Bool(init))
                    .Build());
                continue;
            }
            foreach (ContainerPortSpec port in c.Ports)
            {
                targets.Add(new LabelSetBuilder()
                    .Set(MetaLabels.Address, MetaLabels.JoinHostPort(pod.Status.PodIP, port.ContainerPort))
                    .Set(ContainerName, c.Name).Set(ContainerId, id).Set(ContainerImage, c.Image)
                    .Set(PortNumber, MetaLabels.Number(port.ContainerPort)).Set(PortName, port.Name).Set(PortProtocol, port.Protocol)
                    .Set(ContainerInit, MetaLabels.Bool(init))
                    .Build());
            }
        }
        return new TargetGroup(source, targets, groupLabels.Build());
    }

    /// <summary>The labels describing the pod itself, shared with the endpoints roles.</summary>
    public static void AddPodLabels(LabelSetBuilder labels, Pod pod)
    {
        MetaLabels.AddObjectMeta(labels, pod.Metadata, "pod");
        labels.Set(P + "ip", pod.Status.PodIP);
        labels.Set(P + "ready", Ready(pod));
        labels.Set(P + "phase", pod.Status.Phase);
        labels.Set(P + "node_name", pod.Spec.NodeName);
        labels.Set(P + "host_ip", pod.Status.HostIP);
        labels.Set(P + "uid", pod.Metadata.Uid);
        OwnerReference? controller = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (controller is not null)
        {
            labels.Set(P + "controller_kind", controller.Kind);
            labels.Set(P + "controller_name", controller.Name);
        }
    }

    /// <summary>The Ready condition's status in lower case, or "unknown" without one.</summary>
    private static string Ready(Pod pod)
    {
        foreach (PodCondition c in pod.Status.Conditions)
            if (c.Type == "Ready") return c.Status.ToLowerInvariant();
        return "unknown";
    }

    private static string ContainerIdOf(List<ContainerStatus> statuses, string name)
    {
        foreach (ContainerStatus s in statuses)
            if (s.Name == name) return s.ContainerID;
        return "";
    }
}
