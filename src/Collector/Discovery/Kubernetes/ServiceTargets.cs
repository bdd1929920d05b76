using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>The service role: one target per service port at the service's DNS name, <c>name.namespace.svc:port</c>.</summary>
internal static class ServiceTargets
{
    private const string S = MetaLabels.Prefix + "service_";

    public static string Source(string key) => "svc/" + key;

    public static TargetGroup Build(Service svc)
    {
        var targets = new List<LabelSet>(svc.Spec.Ports.Count);
        foreach (ServicePort port in svc.Spec.Ports)
        {
            var t = new LabelSetBuilder()
                .Set(MetaLabels.Address, MetaLabels.JoinHostPort($"{svc.Metadata.Name}.{svc.Metadata.Namespace}.svc", port.Port))
                .Set(S + "port_name", port.Name)
                .Set(S + "port_number", MetaLabels.Number(port.Port))
                .Set(S + "port_protocol", port.Protocol)
                .Set(S + "type", svc.Spec.Type);
            if (svc.Spec.Type == "ExternalName") t.Set(S + "external_name", svc.Spec.ExternalName);
            else t.Set(S + "cluster_ip", svc.Spec.ClusterIP);
            targets.Add(t.Build());
        }
        return new TargetGroup(Source(ResourceWatcher<Service>.KeyOf(svc.Metadata)), targets, Labels(svc).Build());
    }

    /// <summary>The labels describing the service itself, shared with the endpoints roles.</summary>
    public static LabelSetBuilder Labels(Service svc)
    {
        var labels = new LabelSetBuilder().Set(MetaLabels.Namespace, svc.Metadata.Namespace);
        MetaLabels.AddObjectMeta(labels, svc.Metadata, "service");
        return labels;
    }
}
