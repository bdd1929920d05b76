using Metrics.Collector.Discovery.Kubernetes;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Tests.Discovery.Kubernetes;

/// <summary>kubernetes_sd_configs follows Prometheus's schema and its validation, with errors naming file, line and field.</summary>
public class KubernetesSdConfigTests
{
    private static KubernetesSdConfig Parse(string yaml) => KubernetesSdConfig.Parse(YamlSection.Load(yaml, "k.yml").GetSection("sd")!);

    [Fact]
    public void Reads_the_full_schema()
    {
        KubernetesSdConfig c = Parse("""
            sd:
              role: endpoints
              api_server: https://10.0.0.1:6443
              authorization:
                credentials_file: /var/token
              tls_config:
                ca_file: /var/ca.crt
                insecure_skip_verify: true
              namespaces:
                own_namespace: true
                names: [default, monitoring]
              selectors:
                - role: pod
                  field: spec.nodeName=$NODE_NAME
                - role: service
                  label: app=web
            """);
        Assert.Equal(KubernetesRole.Endpoints, c.Role);
        Assert.Equal(new Uri("https://10.0.0.1:6443"), c.ApiServer);
        Assert.Equal(("Bearer", "/var/token", "/var/ca.crt", true), (c.AuthorizationType, c.CredentialsFile, c.CaFile, c.InsecureSkipVerify));
        Assert.Equal(["default", "monitoring"], c.Namespaces);
        Assert.True(c.OwnNamespace);
        Assert.Equal([new KubernetesSelector(KubernetesRole.Pod, "", "spec.nodeName=$NODE_NAME"), new KubernetesSelector(KubernetesRole.Service, "app=web", "")], c.Selectors);
    }

    [Theory]
    [InlineData("sd:\n  api_server: http://x\n", "k.yml:2:3: field \"sd.role\": role missing (one of: pod, service, endpoints, endpointslice, node)")]
    [InlineData("sd:\n  role: ingress\n", "k.yml:2:9: field \"sd.role\": unknown Kubernetes SD role \"ingress\" (one of: pod, service, endpoints, endpointslice, node)")]
    [InlineData("sd:\n  role: pod\n  bearer_token_file: /t\n", "k.yml:2:3: field \"sd.api_server\": to use custom HTTP client configuration please provide the 'api_server' URL explicitly")]
    [InlineData("sd:\n  role: pod\n  selectors:\n    - role: service\n", "k.yml:4:13: field \"sd.selectors[0].role\": pod role supports only pod selectors")]
    [InlineData("sd:\n  role: endpoints\n  selectors:\n    - role: pod\n    - role: pod\n", "k.yml:5:13: field \"sd.selectors[1].role\": duplicated selector role: pod")]
    [InlineData("sd:\n  role: pod\n  kubeconfig_file: x\n", "k.yml:3:3: field \"sd.kubeconfig_file\": unknown field; allowed here: role, api_server, bearer_token, bearer_token_file, authorization, basic_auth, tls_config, namespaces, selectors, attach_metadata")]
    [InlineData("sd:\n  role: service\n  attach_metadata: {node: true}\n", "k.yml:3:20: field \"sd.attach_metadata\": attach_metadata.node is supported only for the pod, endpoints and endpointslice roles")]
    [InlineData("sd:\n  role: pod\n  selectors:\n    - role: node\n", "k.yml:4:13: field \"sd.selectors[0].role\": pod role supports only pod selectors")]
    [InlineData("sd:\n  role: pod\n  api_server: ftp://x\n", "k.yml:3:15: field \"sd.api_server\": invalid URL \"ftp://x\": expected http(s)://host[:port]")]
    public void Invalid_configs_are_rejected_where_they_are_wrong(string yaml, string message)
        => Assert.Equal(message, Assert.Throws<ConfigException>(() => Parse(yaml)).Message);

    [Fact]
    public void Relative_credential_and_ca_paths_follow_the_config_file()
    {
        string dir = Directory.CreateTempSubdirectory("k8s-cfg-").FullName;
        try
        {
            string file = Path.Combine(dir, "metrics.yml");
            File.WriteAllText(file, "");
            KubernetesSdConfig c = KubernetesSdConfig.Parse(YamlSection.Load(
                "sd:\n  role: node\n  api_server: https://k:6443\n  bearer_token_file: secrets/token\n  tls_config: {ca_file: ca.crt}\n", file).GetSection("sd")!);
            Assert.Equal((Path.Combine(dir, "secrets", "token"), Path.Combine(dir, "ca.crt")), (c.BearerTokenFile, c.CaFile));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Environment_references_expand_and_an_unset_one_is_named()
    {
        var env = new KubernetesEnvironment { Variables = n => n == "NODE_NAME" ? "node-1" : null };
        Assert.Equal("spec.nodeName=node-1,x=$", env.Expand("spec.nodeName=${NODE_NAME},x=$$", "f"));
        Assert.Equal("a=node-1", env.Expand("a=$NODE_NAME", "f"));
        var e = Assert.Throws<InvalidOperationException>(() => env.Expand("spec.nodeName=$MISSING", "selectors[role=pod].field"));
        Assert.Equal("selectors[role=pod].field: environment variable MISSING is not set", e.Message);
    }
}
