namespace Metrics.Collector.Tests.Discovery.Kubernetes;

/// <summary>API objects in the JSON shapes the Kubernetes API server returns (core/v1, discovery.k8s.io/v1).</summary>
internal static class KubernetesSamples
{
    public static string Pod(string name, string ip = "10.1.2.3", int port = 8080, string ns = "default", string node = "node-a",
        bool annotated = true, string metricsPath = "/stats")
    {
        string annotations = annotated ? $$"""{"prometheus.io/scrape": "true", "prometheus.io/port": "{{port}}", "prometheus.io/path": "{{metricsPath}}"}""" : "{}";
        return $$$"""
        {
          "kind": "Pod", "apiVersion": "v1",
          "metadata": {
            "name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "uid-{{{name}}}", "resourceVersion": "1",
            "creationTimestamp": "2024-05-01T10:00:00Z",
            "labels": {"app": "web", "app.kubernetes.io/name": "web-app", "pod-template-hash": "7d9f"},
            "annotations": {{{annotations}}},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9f", "uid": "rs-1", "controller": true, "blockOwnerDeletion": true}]
          },
          "spec": {
            "nodeName": "{{{node}}}",
            "initContainers": [{"name": "setup", "image": "busybox:1.36", "command": ["true"]}],
            "containers": [
              {"name": "app", "image": "example/web:1.0", "ports": [{"name": "http", "containerPort": {{{port}}}, "protocol": "TCP"}, {"name": "admin", "containerPort": 9901, "protocol": "TCP"}]},
              {"name": "sidecar", "image": "example/proxy:2.1"}
            ],
            "restartPolicy": "Always"
          },
          "status": {
            "phase": "Running", "hostIP": "192.168.1.10", "podIP": "{{{ip}}}", "podIPs": [{"ip": "{{{ip}}}"}],
            "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}, {"type": "ContainersReady", "status": "True"}],
            "initContainerStatuses": [{"name": "setup", "containerID": "containerd://init1", "ready": true, "restartCount": 0, "image": "busybox:1.36", "imageID": "x", "state": {"terminated": {"exitCode": 0, "reason": "Completed"} } }],
            "containerStatuses": [
              {"name": "app", "containerID": "containerd://app1", "ready": true, "restartCount": 0, "image": "example/web:1.0", "imageID": "x", "started": true, "state": {"running": {"startedAt": "2024-05-01T10:00:05Z"} } },
              {"name": "sidecar", "containerID": "containerd://side1", "ready": true, "restartCount": 0, "image": "example/proxy:2.1", "imageID": "x", "started": true, "state": {"running": {"startedAt": "2024-05-01T10:00:05Z"} } }
            ]
          }
        }
        """;
    }

    public static string Service(string name = "web", string ns = "default") => $$$"""
        {
          "kind": "Service", "apiVersion": "v1",
          "metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "svc-1", "resourceVersion": "1",
            "labels": {"app": "web", "tier": "front"}, "annotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "8080"}},
          "spec": {
            "type": "ClusterIP", "clusterIP": "10.96.0.20", "clusterIPs": ["10.96.0.20"], "selector": {"app": "web"},
            "ports": [{"name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080}, {"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 53}]
          },
          "status": {"loadBalancer": {}}
        }
        """;

    public static string ExternalNameService() => """
        {
          "kind": "Service", "apiVersion": "v1",
          "metadata": {"name": "db", "namespace": "prod", "uid": "svc-2", "resourceVersion": "1"},
          "spec": {"type": "ExternalName", "externalName": "db.example.com", "ports": [{"port": 5432, "protocol": "TCP"}]}
        }
        """;

    public static string Endpoints(string name = "web", string ns = "default") => $$$"""
        {
          "kind": "Endpoints", "apiVersion": "v1",
          "metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "ep-1", "resourceVersion": "1", "labels": {"app": "web"}},
          "subsets": [{
            "addresses": [{"ip": "10.1.2.3", "nodeName": "node-a", "targetRef": {"kind": "Pod", "namespace": "{{{ns}}}", "name": "web-1", "uid": "uid-web-1"}}],
            "notReadyAddresses": [{"ip": "10.1.2.9", "hostname": "spare", "targetRef": {"kind": "Pod", "namespace": "{{{ns}}}", "name": "gone", "uid": "uid-gone"}}],
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]
          }]
        }
        """;

    public static string EndpointSlice() => """
        {
          "kind": "EndpointSlice", "apiVersion": "discovery.k8s.io/v1",
          "metadata": {"name": "web-abc12", "namespace": "default", "uid": "es-1", "resourceVersion": "1",
            "labels": {"kubernetes.io/service-name": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}},
          "addressType": "IPv4",
          "endpoints": [{"addresses": ["10.1.2.3"], "conditions": {"ready": true, "serving": true, "terminating": false},
            "nodeName": "node-a", "zone": "zone-1", "targetRef": {"kind": "Pod", "namespace": "default", "name": "web-1", "uid": "uid-web-1"}}],
          "ports": [{"name": "http", "protocol": "TCP", "port": 8080}]
        }
        """;

    public static string Node(string name = "node-a") => $$$"""
        {
          "kind": "Node", "apiVersion": "v1",
          "metadata": {"name": "{{{name}}}", "uid": "node-uid", "resourceVersion": "1",
            "labels": {"kubernetes.io/hostname": "{{{name}}}", "node-role.kubernetes.io/worker": ""},
            "annotations": {"node.alpha.kubernetes.io/ttl": "0"}},
          "spec": {"podCIDR": "10.1.0.0/24", "providerID": "aws:///eu-west-1a/i-123"},
          "status": {
            "addresses": [{"type": "Hostname", "address": "{{{name}}}"}, {"type": "ExternalIP", "address": "203.0.113.7"}, {"type": "InternalIP", "address": "192.168.1.10"}, {"type": "InternalIP", "address": "192.168.1.11"}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"kubeletVersion": "v1.29.0"}
          }
        }
        """;
}
