using Metrics.Collector.Discovery.Kubernetes.Model;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Discovery.Kubernetes;

/// <summary>
/// kubernetes_sd: watches the objects of the configured role (and, for the endpoints roles, their
/// services and pods) in the chosen namespaces and turns each into a target group with Prometheus's
/// <c>__meta_kubernetes_*</c> labels.
/// </summary>
public sealed class KubernetesDiscovery : IDiscoveryProvider
{
    private readonly KubernetesSdConfig _config;
    private readonly WatchOptions _watch;
    private readonly KubernetesEnvironment _env;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    // Every handler runs under this lock, so a build sees one consistent state of all watchers.
    private readonly Lock _gate = new();

    private readonly DiscoveryMetrics? _metrics;

    public KubernetesDiscovery(KubernetesSdConfig config, WatchOptions watch, KubernetesEnvironment env, TimeProvider clock, ILogger logger,
        DiscoveryMetrics? metrics = null)
    {
        _metrics = metrics;
        _config = config;
        _watch = watch;
        _env = env;
        _clock = clock;
        _logger = logger;
    }

    public async Task RunAsync(TargetGroupSink sink, CancellationToken ct)
    {
        using KubernetesApiClient client = KubernetesApiClient.Create(_config, _config.ApiServer, _env);
        List<string?> namespaces = Namespaces();
        KubernetesSelector? Selector(KubernetesRole role)
        {
            KubernetesSelector? s = _config.Selectors.FirstOrDefault(x => x.Role == role);
            string where = $"selectors[role={KubernetesSdConfig.Name(role)}]";
            return s is null ? null : s with { Label = _env.Expand(s.Label, where + ".label"), Field = _env.Expand(s.Field, where + ".field") };
        }
        ResourceWatcher<T> Watcher<T>(ResourceKind kind, string? ns, KubernetesRole role, Action<string, T?> onChange) where T : class, IKubernetesObject
            => new(client, kind, ns, Selector(role), _watch, _clock, _logger, (key, obj) => { lock (_gate) onChange(key, obj); }, _metrics);

        var tasks = new List<Task>();
        void Start<T>(IEnumerable<ResourceWatcher<T>> watchers) where T : class, IKubernetesObject
        {
            foreach (ResourceWatcher<T> w in watchers) tasks.Add(w.RunAsync(ct));
        }

        // attach_metadata.node: a node watch whose label changes rebuild the role's groups.
        Func<string, Node?>? nodes = null;
        Action<string>? nodeLabelsChanged = null;
        ResourceWatcher<Node>? nodeWatcher = null;
        if (_config.AttachNodeMetadata)
        {
            var signatures = new Dictionary<string, string>(StringComparer.Ordinal);
            nodeWatcher = Watcher<Node>(ResourceKind.Nodes, null, KubernetesRole.Node, (key, node) =>
            {
                // Nodes report status every few minutes; only a change of name or labels matters here.
                string signature = node is null ? "" : string.Join('\n', (node.Metadata.Labels ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
                if (node is not null && signatures.TryGetValue(key, out string? before) && before == signature) return;
                if (node is null) signatures.Remove(key);
                else signatures[key] = signature;
                nodeLabelsChanged?.Invoke(key);
            });
            nodes = nodeWatcher.Get;
        }

        switch (_config.Role)
        {
            case KubernetesRole.Node:
                Start([Watcher<Node>(ResourceKind.Nodes, null, KubernetesRole.Node,
                    (key, node) => sink([node is null ? TargetGroup.Removed(NodeTargets.Source(key)) : NodeTargets.Build(node)]))]);
                break;
            case KubernetesRole.Pod:
            {
                List<ResourceWatcher<Pod>> pods = [.. namespaces.Select(ns => Watcher<Pod>(ResourceKind.Pods, ns, KubernetesRole.Pod,
                    (key, pod) => sink([pod is null ? TargetGroup.Removed(PodTargets.Source(key)) : PodTargets.Build(pod, nodes)])))];
                nodeLabelsChanged = node => sink([.. pods.SelectMany(w => w.Snapshot()).Where(p => p.Spec.NodeName == node).Select(p => PodTargets.Build(p, nodes))]);
                Start(pods);
                break;
            }
            case KubernetesRole.Service:
                Start(namespaces.Select(ns => Watcher<Service>(ResourceKind.Services, ns, KubernetesRole.Service,
                    (key, svc) => sink([svc is null ? TargetGroup.Removed(ServiceTargets.Source(key)) : ServiceTargets.Build(svc)]))));
                break;
            case KubernetesRole.Endpoints:
            {
                var endpoints = new List<ResourceWatcher<Endpoints>>();
                var services = new List<ResourceWatcher<Service>>();
                var pods = new List<ResourceWatcher<Pod>>();
                Pod? PodOf(string key) => Find(pods, key);
                TargetGroup Build(Endpoints e) => EndpointsTargets.Build(e, Find(services, ResourceWatcher<Endpoints>.KeyOf(e.Metadata)), PodOf, nodes);
                nodeLabelsChanged = _ => sink([.. endpoints.SelectMany(w => w.Snapshot()).Select(Build)]);
                foreach (string? ns in namespaces)
                {
                    endpoints.Add(Watcher<Endpoints>(ResourceKind.Endpoints, ns, KubernetesRole.Endpoints,
                        (key, e) => sink([e is null ? TargetGroup.Removed(EndpointsTargets.Source(key)) : Build(e)])));
                    // A service's labels are part of its endpoints' targets: rebuild those on change.
                    services.Add(Watcher<Service>(ResourceKind.Services, ns, KubernetesRole.Service,
                        (key, _) => { if (Find(endpoints, key) is { } e) sink([Build(e)]); }));
                    pods.Add(Watcher<Pod>(ResourceKind.Pods, ns, KubernetesRole.Pod,
                        (key, _) => sink([.. endpoints.SelectMany(w => w.Snapshot()).Where(e => References(e, key)).Select(Build)])));
                }
                Start(endpoints); Start(services); Start(pods);
                break;
            }
            case KubernetesRole.EndpointSlice:
            {
                var slices = new List<ResourceWatcher<EndpointSlice>>();
                var services = new List<ResourceWatcher<Service>>();
                var pods = new List<ResourceWatcher<Pod>>();
                Pod? PodOf(string key) => Find(pods, key);
                TargetGroup Build(EndpointSlice s) => EndpointSliceTargets.Build(s, Find(services, ServiceKeyOf(s)), PodOf, nodes);
                nodeLabelsChanged = _ => sink([.. slices.SelectMany(w => w.Snapshot()).Select(Build)]);
                foreach (string? ns in namespaces)
                {
                    slices.Add(Watcher<EndpointSlice>(ResourceKind.EndpointSlices, ns, KubernetesRole.EndpointSlice,
                        (key, s) => sink([s is null ? TargetGroup.Removed(EndpointSliceTargets.Source(key)) : Build(s)])));
                    services.Add(Watcher<Service>(ResourceKind.Services, ns, KubernetesRole.Service,
                        (key, _) => sink([.. slices.SelectMany(w => w.Snapshot()).Where(s => ServiceKeyOf(s) == key).Select(Build)])));
                    pods.Add(Watcher<Pod>(ResourceKind.Pods, ns, KubernetesRole.Pod,
                        (key, _) => sink([.. slices.SelectMany(w => w.Snapshot()).Where(s => References(s, key)).Select(Build)])));
                }
                Start(slices); Start(services); Start(pods);
                break;
            }
        }
        // Started last, so its first report finds the role's rebuild hook in place.
        if (nodeWatcher is not null) Start([nodeWatcher]);
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>The namespaces to watch; a single null means all of them.</summary>
    private List<string?> Namespaces()
    {
        var result = new List<string?>();
        if (_config.OwnNamespace) result.Add(KubernetesApiClient.OwnNamespace(_env));
        foreach (string name in _config.Namespaces)
        {
            string expanded = _env.Expand(name, "namespaces.names");
            if (!result.Contains(expanded)) result.Add(expanded);
        }
        if (result.Count == 0) result.Add(null);
        return result;
    }

    private static T? Find<T>(List<ResourceWatcher<T>> watchers, string key) where T : class, IKubernetesObject
    {
        foreach (ResourceWatcher<T> w in watchers)
            if (w.Get(key) is { } found) return found;
        return null;
    }

    private static string ServiceKeyOf(EndpointSlice s)
        => s.Metadata.Labels?.GetValueOrDefault(EndpointSliceTargets.ServiceNameLabel) is { Length: > 0 } name ? $"{s.Metadata.Namespace}/{name}" : "";

    private static bool References(Endpoints e, string podKey)
    {
        foreach (EndpointSubset subset in e.Subsets)
        {
            foreach (EndpointAddress a in subset.Addresses) if (IsPod(a.TargetRef, e.Metadata.Namespace, podKey)) return true;
            foreach (EndpointAddress a in subset.NotReadyAddresses) if (IsPod(a.TargetRef, e.Metadata.Namespace, podKey)) return true;
        }
        return false;
    }

    private static bool References(EndpointSlice s, string podKey)
    {
        foreach (SliceEndpoint ep in s.Endpoints) if (IsPod(ep.TargetRef, s.Metadata.Namespace, podKey)) return true;
        return false;
    }

    private static bool IsPod(ObjectReference? r, string ns, string podKey)
        => r is { Kind: "Pod" } && $"{(r.Namespace.Length > 0 ? r.Namespace : ns)}/{r.Name}" == podKey;
}
