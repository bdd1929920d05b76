using System.Security.Cryptography.X509Certificates;
using Metrics.Collector.Discovery.Kubernetes;
using Metrics.Store.Configuration;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Tests.Discovery.Kubernetes;

/// <summary>In-cluster configuration over HTTPS: the service account's token, CA and namespace, and the server from the environment.</summary>
public sealed class InClusterTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("k8s-sa-").FullName;
    private readonly X509Certificate2 _serverCert = SelfSignedCertificate.Create("kube-apiserver");

    public void Dispose()
    {
        _serverCert.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private KubernetesEnvironment ServiceAccount(FakeKubernetesApi api, X509Certificate2 ca)
    {
        File.WriteAllText(Path.Combine(_dir, "token"), "in-cluster-token");
        File.WriteAllText(Path.Combine(_dir, "ca.crt"), SelfSignedCertificate.Pem(ca));
        File.WriteAllText(Path.Combine(_dir, "namespace"), "monitoring\n");
        var env = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = api.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new KubernetesEnvironment { ServiceAccountDirectory = _dir, Variables = env.GetValueOrDefault };
    }

    private static KubernetesDiscovery Discovery(KubernetesEnvironment env, ILogger logger)
        => new(KubernetesSdConfig.Parse(YamlSection.Load("sd:\n  role: pod\n  namespaces:\n    own_namespace: true\n", "t.yml").GetSection("sd")!),
            new WatchOptions { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) }, env, TimeProvider.System, logger);

    [Fact]
    public async Task Uses_the_service_account_token_ca_and_namespace()
    {
        await using FakeKubernetesApi api = await FakeKubernetesApi.StartAsync(_serverCert);
        api.Add("pods", KubernetesSamples.Pod("web-1", ns: "monitoring"));
        api.Add("pods", KubernetesSamples.Pod("other", ns: "default"));
        var groups = new GroupCollector();
        using var stop = new CancellationTokenSource();
        Task run = Discovery(ServiceAccount(api, _serverCert), new ListLogger()).RunAsync(groups.Sink, stop.Token);

        await GroupCollector.Eventually(() => api.ActiveWatches("pods") == 1, "the watch over TLS");
        Assert.Equal(["pod/monitoring/web-1"], groups.Sources);
        Assert.All(api.Requests("pods"), r => Assert.Equal(("/api/v1/namespaces/monitoring/pods", "Bearer in-cluster-token"), (r.Path, r.Authorization)));
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_server_certificate_not_signed_by_the_cluster_ca_is_refused()
    {
        await using FakeKubernetesApi api = await FakeKubernetesApi.StartAsync(_serverCert);
        using X509Certificate2 otherCa = SelfSignedCertificate.Create("some-other-ca");
        var log = new ListLogger();
        var groups = new GroupCollector();
        using var stop = new CancellationTokenSource();
        Task run = Discovery(ServiceAccount(api, otherCa), log).RunAsync(groups.Sink, stop.Token);

        await GroupCollector.Eventually(() => log.Entries.Any(e => e.Message.Contains("list of /api/v1/namespaces/monitoring/pods failed", StringComparison.Ordinal)),
            "a logged list failure");
        Assert.Empty(api.Requests("pods"));   // refused during the handshake: no request ever reached the server
        Assert.Empty(groups.Sources);
        await stop.CancelAsync();
        await run;
    }

    [Theory]
    [InlineData("tls_config: {ca_file: CA}\nauthorization: {credentials_file: TOKEN}")]
    [InlineData("tls_config: {insecure_skip_verify: true}\nbearer_token: literal-token")]
    public async Task An_explicit_api_server_uses_the_configured_ca_or_skips_verification(string clientConfig)
    {
        await using FakeKubernetesApi api = await FakeKubernetesApi.StartAsync(_serverCert);
        api.Add("nodes", KubernetesSamples.Node());
        string ca = Path.Combine(_dir, "cluster-ca.pem");
        string token = Path.Combine(_dir, "user-token");
        File.WriteAllText(ca, SelfSignedCertificate.Pem(_serverCert));
        File.WriteAllText(token, "file-token");
        string yaml = $"sd:\n  role: node\n  api_server: {api.BaseAddress}\n"
            + string.Join('\n', clientConfig.Replace("CA", ca, StringComparison.Ordinal).Replace("TOKEN", token, StringComparison.Ordinal).Split('\n').Select(l => "  " + l)) + "\n";
        var discovery = new KubernetesDiscovery(KubernetesSdConfig.Parse(YamlSection.Load(yaml, "t.yml").GetSection("sd")!),
            new WatchOptions(), new KubernetesEnvironment { Variables = _ => null }, TimeProvider.System, new ListLogger());
        var groups = new GroupCollector();
        using var stop = new CancellationTokenSource();
        Task run = discovery.RunAsync(groups.Sink, stop.Token);

        await GroupCollector.Eventually(() => groups.Get("node/node-a") is not null, "the node over TLS");
        Assert.Equal(clientConfig.Contains("insecure", StringComparison.Ordinal) ? "Bearer literal-token" : "Bearer file-token", api.Requests("nodes")[0].Authorization);
        await stop.CancelAsync();
        await run;
    }
}
