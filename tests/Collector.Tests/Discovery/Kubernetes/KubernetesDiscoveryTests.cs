using System.Diagnostics.Metrics;
using Metrics.Collector.Discovery;
using Metrics.Collector.Discovery.Kubernetes;
using Metrics.Store.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Discovery.Kubernetes;

/// <summary>List and watch against a stand-in API server: resume, relist on 410, credentials and selectors.</summary>
public sealed class KubernetesDiscoveryTests : IAsyncLifetime, IDisposable
{
    private FakeKubernetesApi _api = null!;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("k8s-sd-").FullName;
    private readonly DiscoveryMetrics _metrics = new();
    private Task? _running;

    public async Task InitializeAsync() => _api = await FakeKubernetesApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null) await _running;
        await _api.DisposeAsync();
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private GroupCollector Start(string sdYaml, Dictionary<string, string>? env = null)
    {
        string yaml = "sd:\n" + string.Join('\n', sdYaml.Split('\n').Select(l => "  " + l)).Replace("API", _api.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
        KubernetesSdConfig config = KubernetesSdConfig.Parse(YamlSection.Load(yaml, "t.yml").GetSection("sd")!);
        var environment = new KubernetesEnvironment { ServiceAccountDirectory = _dir, Variables = name => env?.GetValueOrDefault(name) };
        var discovery = new KubernetesDiscovery(config, new WatchOptions { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) },
            environment, TimeProvider.System, NullLogger.Instance, _metrics);
        var groups = new GroupCollector();
        _running = discovery.RunAsync(groups.Sink, _stop.Token);
        return groups;
    }

    private Task WatchOpen(string plural, int count = 1)
        => GroupCollector.Eventually(() => _api.ActiveWatches(plural) == 1 && _api.Requests(plural).Count(r => r.IsWatch) >= count, $"watch request {count} of {plural} to be open");

    [Fact]
    public async Task Lists_then_watches_from_the_list_version_with_bookmarks_sending_the_bearer_token_from_its_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "token"), "s3cret-token\n");
        _api.Add("pods", KubernetesSamples.Pod("web-1"));
        string listVersion = _api.CurrentVersion;
        GroupCollector groups = Start($"role: pod\napi_server: API\nbearer_token_file: {Path.Combine(_dir, "token")}");
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-1") is not null, "the listed pod's group");
        await WatchOpen("pods");

        var requests = _api.Requests("pods");
        Assert.All(requests, r => Assert.Equal("Bearer s3cret-token", r.Authorization));
        var watch = requests.Single(r => r.IsWatch);
        Assert.Equal("/api/v1/pods", watch.Path);
        Assert.Equal((listVersion, "true"), (watch.Query["resourceVersion"], watch.Query["allowWatchBookmarks"]));

        _api.Add("pods", KubernetesSamples.Pod("web-2", ip: "10.1.2.4"));
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-2") is not null, "the watched pod's group");
        Assert.Equal("10.1.2.4:8080", groups.Get("pod/default/web-2")!.Targets[0].Get("__address__"));
    }

    [Fact]
    public async Task A_deleted_pod_loses_its_group_and_a_modified_one_is_rebuilt()
    {
        _api.Add("pods", KubernetesSamples.Pod("web-1"));
        GroupCollector groups = Start("role: pod\napi_server: API");
        await WatchOpen("pods");
        _api.Modify("pods", KubernetesSamples.Pod("web-1", ip: "10.9.9.9"));
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-1")?.Targets[0].Get("__address__") == "10.9.9.9:8080", "the modified pod's new address");
        _api.Delete("pods", "default", "web-1");
        await GroupCollector.Eventually(() => groups.Sources.Count == 0, "the deleted pod's group to go");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_watch_answered_410_gone_relists_and_reports_what_vanished_meanwhile(bool goneAsErrorEvent)
    {
        _api.GoneAsEvent = goneAsErrorEvent;
        long relists = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument == _metrics.KubernetesRelists) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref relists, value));
        listener.Start();
        _api.Add("pods", KubernetesSamples.Pod("web-1"));
        _api.Add("pods", KubernetesSamples.Pod("web-2", ip: "10.1.2.4"));
        GroupCollector groups = Start("role: pod\napi_server: API");
        await WatchOpen("pods");
        Assert.Equal(2, groups.Sources.Count);

        _api.Compact();                      // the client's version is now too old
        _api.DropWatches(abort: false);      // as a server-side watch timeout
        _api.Delete("pods", "default", "web-1");   // happens while nobody watches

        await GroupCollector.Eventually(() => groups.Sources.SequenceEqual(["pod/default/web-2"]), "the relist to drop web-1");
        Assert.True(_api.Requests("pods").Count(r => !r.IsWatch) >= 2, "a second LIST after 410");
        Assert.True(Interlocked.Read(ref relists) >= 1, "metrics_sd_kubernetes_relists_total counted the relist");
        await GroupCollector.Eventually(() => _api.ActiveWatches("pods") == 1, "a new watch after the relist");
    }

    [Fact]
    public async Task A_dropped_watch_connection_resumes_from_the_last_seen_resourceVersion_without_relisting()
    {
        _api.Add("pods", KubernetesSamples.Pod("web-1"));
        GroupCollector groups = Start("role: pod\napi_server: API");
        await WatchOpen("pods");
        _api.Modify("pods", KubernetesSamples.Pod("web-1", ip: "10.9.9.9"));
        string modified = _api.CurrentVersion;
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-1")?.Targets[0].Get("__address__") == "10.9.9.9:8080", "the modification");

        _api.DropWatches(abort: true);       // connection reset mid-stream
        await WatchOpen("pods", count: 2);
        Assert.Equal(modified, _api.Requests("pods").Where(r => r.IsWatch).ElementAt(1).Query["resourceVersion"]);

        // A bookmark moves the version on without an object; a watch ended after it resumes from there.
        _api.Bookmark("pods", "Pod");
        string bookmarked = _api.CurrentVersion;
        _api.DropWatches(abort: false);
        await WatchOpen("pods", count: 3);
        Assert.Equal(bookmarked, _api.Requests("pods").Where(r => r.IsWatch).ElementAt(2).Query["resourceVersion"]);
        Assert.Single(_api.Requests("pods"), r => !r.IsWatch);

        _api.Add("pods", KubernetesSamples.Pod("web-3", ip: "10.1.2.5"));
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-3") is not null, "an event on the resumed watch");
    }

    [Fact]
    public async Task The_field_selector_expands_the_node_name_from_the_environment_and_is_sent_on_list_and_watch()
    {
        _api.Add("pods", KubernetesSamples.Pod("on-a", node: "node-a"));
        _api.Add("pods", KubernetesSamples.Pod("on-b", ip: "10.2.0.1", node: "node-b"));
        GroupCollector groups = Start("role: pod\napi_server: API\nselectors:\n  - role: pod\n    field: spec.nodeName=$NODE_NAME\n    label: app=web",
            new Dictionary<string, string> { ["NODE_NAME"] = "node-b" });
        await WatchOpen("pods");
        Assert.Equal(["pod/default/on-b"], groups.Sources);
        Assert.All(_api.Requests("pods"), r => Assert.Equal(("spec.nodeName=node-b", "app=web"), (r.Query["fieldSelector"], r.Query["labelSelector"])));
    }

    [Fact]
    public async Task Namespaced_endpoints_role_watches_endpoints_services_and_pods_and_rebuilds_when_a_pod_appears()
    {
        _api.Add("endpoints", KubernetesSamples.Endpoints());
        _api.Add("services", KubernetesSamples.Service());
        GroupCollector groups = Start("role: endpoints\napi_server: API\nnamespaces:\n  names: [default]");
        await WatchOpen("endpoints");
        await WatchOpen("services");
        await WatchOpen("pods");
        Assert.All(_api.Requests("endpoints"), r => Assert.Equal("/api/v1/namespaces/default/endpoints", r.Path));
        await GroupCollector.Eventually(() => groups.Get("endpoints/default/web")?.Labels.Get("__meta_kubernetes_service_name") == "web", "service labels on the endpoints");
        Assert.Equal("", groups.Get("endpoints/default/web")!.Targets[0].Get("__meta_kubernetes_pod_name"));

        _api.Add("pods", KubernetesSamples.Pod("web-1"));
        await GroupCollector.Eventually(() => groups.Get("endpoints/default/web")?.Targets[0].Get("__meta_kubernetes_pod_name") == "web-1", "pod labels after the pod appeared");
    }

    [Fact]
    public async Task Attach_metadata_adds_the_node_labels_to_pod_targets_and_follows_node_label_changes()
    {
        _api.Add("pods", KubernetesSamples.Pod("web-1"));
        _api.Add("nodes", KubernetesSamples.Node("node-a"));
        GroupCollector groups = Start("role: pod\napi_server: API\nattach_metadata: {node: true}");
        await WatchOpen("nodes");
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-1")?.Labels.Get("__meta_kubernetes_node_label_kubernetes_io_hostname") == "node-a", "node labels on the pod");
        TargetGroup g = groups.Get("pod/default/web-1")!;
        Assert.Equal(("node-a", "true", ""), (g.Labels.Get("__meta_kubernetes_node_name"), g.Labels.Get("__meta_kubernetes_node_labelpresent_kubernetes_io_hostname"),
            g.Labels.Get("__meta_kubernetes_node_annotation_node_alpha_kubernetes_io_ttl")));

        _api.Modify("nodes", KubernetesSamples.Node("node-a").Replace("\"kubernetes.io/hostname\": \"node-a\"", "\"kubernetes.io/hostname\": \"node-a\", \"zone\": \"z1\"", StringComparison.Ordinal));
        await GroupCollector.Eventually(() => groups.Get("pod/default/web-1")?.Labels.Get("__meta_kubernetes_node_label_zone") == "z1", "the node's new label on the pod");
    }

    [Fact]
    public async Task In_cluster_configuration_needs_the_service_host_and_port()
    {
        KubernetesSdConfig config = KubernetesSdConfig.Parse(YamlSection.Load("sd: {role: pod}", "t.yml").GetSection("sd")!);
        var discovery = new KubernetesDiscovery(config, new WatchOptions(), new KubernetesEnvironment { ServiceAccountDirectory = _dir, Variables = _ => null },
            TimeProvider.System, NullLogger.Instance);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => discovery.RunAsync(_ => { }, CancellationToken.None));
        Assert.Contains("KUBERNETES_SERVICE_HOST", e.Message, StringComparison.Ordinal);
    }
}
