using System.Text.Json;
using Metrics.Collector.Discovery;
using Metrics.Collector.Discovery.Kubernetes;
using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Store.Labels;

namespace Metrics.Collector.Tests.Discovery.Kubernetes;

/// <summary>Each role's targets carry exactly Prometheus's <c>__meta_kubernetes_*</c> labels.</summary>
public class RoleLabelTests
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, KubernetesJson.Options)!;

    /// <summary>A target's full labels: its group's, overridden by its own.</summary>
    private static Dictionary<string, string> Merged(TargetGroup g, LabelSet target)
    {
        var d = g.Labels.ToDictionary(l => l.Name, l => l.Value);
        foreach (Label l in target) d[l.Name] = l.Value;
        return d;
    }

    [Fact]
    public void Pod_role_gives_one_target_per_container_port_and_per_portless_container_with_pod_labels()
    {
        TargetGroup g = PodTargets.Build(Read<Pod>(KubernetesSamples.Pod("web-1")));
        Assert.Equal("pod/default/web-1", g.Source);
        Assert.Equal(["10.1.2.3:8080", "10.1.2.3:9901", "10.1.2.3", "10.1.2.3"], g.Targets.Select(t => t.Get("__address__")));

        var http = Merged(g, g.Targets[0]);
        var expected = new Dictionary<string, string>
        {
            ["__address__"] = "10.1.2.3:8080",
            ["__meta_kubernetes_namespace"] = "default",
            ["__meta_kubernetes_pod_name"] = "web-1",
            ["__meta_kubernetes_pod_ip"] = "10.1.2.3",
            ["__meta_kubernetes_pod_label_app"] = "web",
            ["__meta_kubernetes_pod_labelpresent_app"] = "true",
            ["__meta_kubernetes_pod_label_app_kubernetes_io_name"] = "web-app",
            ["__meta_kubernetes_pod_labelpresent_app_kubernetes_io_name"] = "true",
            ["__meta_kubernetes_pod_label_pod_template_hash"] = "7d9f",
            ["__meta_kubernetes_pod_labelpresent_pod_template_hash"] = "true",
            ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"] = "true",
            ["__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape"] = "true",
            ["__meta_kubernetes_pod_annotation_prometheus_io_port"] = "8080",
            ["__meta_kubernetes_pod_annotationpresent_prometheus_io_port"] = "true",
            ["__meta_kubernetes_pod_annotation_prometheus_io_path"] = "/stats",
            ["__meta_kubernetes_pod_annotationpresent_prometheus_io_path"] = "true",
            ["__meta_kubernetes_pod_container_init"] = "false",
            ["__meta_kubernetes_pod_container_name"] = "app",
            ["__meta_kubernetes_pod_container_id"] = "containerd://app1",
            ["__meta_kubernetes_pod_container_image"] = "example/web:1.0",
            ["__meta_kubernetes_pod_container_port_name"] = "http",
            ["__meta_kubernetes_pod_container_port_number"] = "8080",
            ["__meta_kubernetes_pod_container_port_protocol"] = "TCP",
            ["__meta_kubernetes_pod_ready"] = "true",
            ["__meta_kubernetes_pod_phase"] = "Running",
            ["__meta_kubernetes_pod_node_name"] = "node-a",
            ["__meta_kubernetes_pod_host_ip"] = "192.168.1.10",
            ["__meta_kubernetes_pod_uid"] = "uid-web-1",
            ["__meta_kubernetes_pod_controller_kind"] = "ReplicaSet",
            ["__meta_kubernetes_pod_controller_name"] = "web-7d9f",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), http.OrderBy(p => p.Key));

        var sidecar = Merged(g, g.Targets[2]);
        Assert.Equal("sidecar", sidecar["__meta_kubernetes_pod_container_name"]);
        Assert.Equal("containerd://side1", sidecar["__meta_kubernetes_pod_container_id"]);
        Assert.False(sidecar.ContainsKey("__meta_kubernetes_pod_container_port_number"));
        var init = Merged(g, g.Targets[3]);
        Assert.Equal(("setup", "true", "containerd://init1"),
            (init["__meta_kubernetes_pod_container_name"], init["__meta_kubernetes_pod_container_init"], init["__meta_kubernetes_pod_container_id"]));
    }

    [Fact]
    public void A_pod_without_an_ip_yet_has_no_targets()
    {
        string pending = KubernetesSamples.Pod("web-2").Replace("\"podIP\": \"10.1.2.3\"", "\"podIP\": \"\"", StringComparison.Ordinal);
        TargetGroup g = PodTargets.Build(Read<Pod>(pending));
        Assert.Equal("pod/default/web-2", g.Source);
        Assert.Empty(g.Targets);
    }

    [Fact]
    public void Service_role_gives_one_target_per_port_at_the_service_dns_name()
    {
        TargetGroup g = ServiceTargets.Build(Read<Service>(KubernetesSamples.Service()));
        Assert.Equal("svc/default/web", g.Source);
        Assert.Equal(["web.default.svc:80", "web.default.svc:53"], g.Targets.Select(t => t.Get("__address__")));
        var expected = new Dictionary<string, string>
        {
            ["__address__"] = "web.default.svc:80",
            ["__meta_kubernetes_namespace"] = "default",
            ["__meta_kubernetes_service_name"] = "web",
            ["__meta_kubernetes_service_label_app"] = "web",
            ["__meta_kubernetes_service_labelpresent_app"] = "true",
            ["__meta_kubernetes_service_label_tier"] = "front",
            ["__meta_kubernetes_service_labelpresent_tier"] = "true",
            ["__meta_kubernetes_service_annotation_prometheus_io_scrape"] = "true",
            ["__meta_kubernetes_service_annotationpresent_prometheus_io_scrape"] = "true",
            ["__meta_kubernetes_service_annotation_prometheus_io_port"] = "8080",
            ["__meta_kubernetes_service_annotationpresent_prometheus_io_port"] = "true",
            ["__meta_kubernetes_service_port_name"] = "http",
            ["__meta_kubernetes_service_port_number"] = "80",
            ["__meta_kubernetes_service_port_protocol"] = "TCP",
            ["__meta_kubernetes_service_type"] = "ClusterIP",
            ["__meta_kubernetes_service_cluster_ip"] = "10.96.0.20",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), Merged(g, g.Targets[0]).OrderBy(p => p.Key));
        Assert.Equal("UDP", g.Targets[1].Get("__meta_kubernetes_service_port_protocol"));

        TargetGroup external = ServiceTargets.Build(Read<Service>(KubernetesSamples.ExternalNameService()));
        LabelSet t = Assert.Single(external.Targets);
        Assert.Equal(("db.prod.svc:5432", "db.example.com", ""),
            (t.Get("__address__"), t.Get("__meta_kubernetes_service_external_name"), t.Get("__meta_kubernetes_service_cluster_ip")));
    }

    [Fact]
    public void Endpoints_role_combines_endpoint_service_and_pod_labels_and_adds_uncovered_container_ports()
    {
        Pod pod = Read<Pod>(KubernetesSamples.Pod("web-1"));
        TargetGroup g = EndpointsTargets.Build(Read<Endpoints>(KubernetesSamples.Endpoints()), Read<Service>(KubernetesSamples.Service()),
            key => key == "default/web-1" ? pod : null);
        Assert.Equal("endpoints/default/web", g.Source);
        // Ready address, not-ready address (its pod is unknown), then the pod's admin port no endpoint covers.
        Assert.Equal(["10.1.2.3:8080", "10.1.2.9:8080", "10.1.2.3:9901"], g.Targets.Select(t => t.Get("__address__")));

        var ready = Merged(g, g.Targets[0]);
        Assert.Equal("default", ready["__meta_kubernetes_namespace"]);
        Assert.Equal("web", ready["__meta_kubernetes_endpoints_name"]);
        Assert.Equal("web", ready["__meta_kubernetes_endpoints_label_app"]);
        Assert.Equal("true", ready["__meta_kubernetes_endpoints_labelpresent_app"]);
        Assert.Equal("web", ready["__meta_kubernetes_service_name"]);
        Assert.Equal("true", ready["__meta_kubernetes_service_annotation_prometheus_io_scrape"]);
        Assert.Equal("true", ready["__meta_kubernetes_endpoint_ready"]);
        Assert.Equal("http", ready["__meta_kubernetes_endpoint_port_name"]);
        Assert.Equal("TCP", ready["__meta_kubernetes_endpoint_port_protocol"]);
        Assert.Equal("Pod", ready["__meta_kubernetes_endpoint_address_target_kind"]);
        Assert.Equal("web-1", ready["__meta_kubernetes_endpoint_address_target_name"]);
        Assert.Equal("node-a", ready["__meta_kubernetes_endpoint_node_name"]);
        Assert.Equal("web-1", ready["__meta_kubernetes_pod_name"]);
        Assert.Equal("node-a", ready["__meta_kubernetes_pod_node_name"]);
        Assert.Equal("app", ready["__meta_kubernetes_pod_container_name"]);
        Assert.Equal("http", ready["__meta_kubernetes_pod_container_port_name"]);
        Assert.Equal("8080", ready["__meta_kubernetes_pod_container_port_number"]);

        var notReady = Merged(g, g.Targets[1]);
        Assert.Equal("false", notReady["__meta_kubernetes_endpoint_ready"]);
        Assert.Equal("spare", notReady["__meta_kubernetes_endpoint_hostname"]);
        Assert.False(notReady.ContainsKey("__meta_kubernetes_pod_name"));

        var admin = Merged(g, g.Targets[2]);
        Assert.Equal(("admin", "9901", "web-1"), (admin["__meta_kubernetes_pod_container_port_name"], admin["__meta_kubernetes_pod_container_port_number"], admin["__meta_kubernetes_pod_name"]));
        Assert.False(admin.ContainsKey("__meta_kubernetes_endpoint_ready"));
    }

    [Fact]
    public void Endpointslice_role_labels_come_from_the_slice_its_service_and_pod()
    {
        Pod pod = Read<Pod>(KubernetesSamples.Pod("web-1"));
        TargetGroup g = EndpointSliceTargets.Build(Read<EndpointSlice>(KubernetesSamples.EndpointSlice()), Read<Service>(KubernetesSamples.Service()),
            key => key == "default/web-1" ? pod : null);
        Assert.Equal("endpointslice/default/web-abc12", g.Source);
        var t = Merged(g, g.Targets[0]);
        Assert.Equal("10.1.2.3:8080", t["__address__"]);
        Assert.Equal("web-abc12", t["__meta_kubernetes_endpointslice_name"]);
        Assert.Equal("IPv4", t["__meta_kubernetes_endpointslice_address_type"]);
        Assert.Equal("true", t["__meta_kubernetes_endpointslice_endpoint_conditions_ready"]);
        Assert.Equal("false", t["__meta_kubernetes_endpointslice_endpoint_conditions_terminating"]);
        Assert.Equal("zone-1", t["__meta_kubernetes_endpointslice_endpoint_zone"]);
        Assert.Equal("8080", t["__meta_kubernetes_endpointslice_port"]);
        Assert.Equal("Pod", t["__meta_kubernetes_endpointslice_address_target_kind"]);
        Assert.Equal("web", t["__meta_kubernetes_service_name"]);
        Assert.Equal("web-1", t["__meta_kubernetes_pod_name"]);
    }

    [Fact]
    public void Node_role_targets_the_kubelet_on_the_preferred_address_with_instance_set_to_the_node_name()
    {
        TargetGroup g = NodeTargets.Build(Read<Node>(KubernetesSamples.Node()));
        Assert.Equal("node/node-a", g.Source);
        var t = Merged(g, Assert.Single(g.Targets));
        var expected = new Dictionary<string, string>
        {
            ["__address__"] = "192.168.1.10:10250",
            ["instance"] = "node-a",
            ["__meta_kubernetes_node_name"] = "node-a",
            ["__meta_kubernetes_node_provider_id"] = "aws:///eu-west-1a/i-123",
            ["__meta_kubernetes_node_label_kubernetes_io_hostname"] = "node-a",
            ["__meta_kubernetes_node_labelpresent_kubernetes_io_hostname"] = "true",
            ["__meta_kubernetes_node_labelpresent_node_role_kubernetes_io_worker"] = "true",
            ["__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl"] = "0",
            ["__meta_kubernetes_node_annotationpresent_node_alpha_kubernetes_io_ttl"] = "true",
            ["__meta_kubernetes_node_address_Hostname"] = "node-a",
            ["__meta_kubernetes_node_address_ExternalIP"] = "203.0.113.7",
            ["__meta_kubernetes_node_address_InternalIP"] = "192.168.1.10",
        };
        Assert.Equal(expected.OrderBy(p => p.Key), t.OrderBy(p => p.Key));
    }

    [Fact]
    public void Label_names_are_sanitised_as_prometheus_does()
    {
        Assert.Equal("app_kubernetes_io_name", MetaLabels.Sanitize("app.kubernetes.io/name"));
        Assert.Equal("a_b_c_9", MetaLabels.Sanitize("a-b/c.9"));
        Assert.Equal("[fd00::1]:80", MetaLabels.JoinHostPort("fd00::1", 80));
    }
}
