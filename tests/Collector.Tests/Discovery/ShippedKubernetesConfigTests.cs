using System.Text.Json;
using Metrics.Collector.Config;
using Metrics.Collector.Discovery;
using Metrics.Collector.Discovery.Kubernetes;
using Metrics.Collector.Discovery.Kubernetes.Model;
using Metrics.Collector.Scrape;
using Metrics.Collector.Tests.Discovery.Kubernetes;
using Metrics.Store.Configuration;
using Metrics.Tests.Shared;

namespace Metrics.Collector.Tests.Discovery;

/// <summary>The scrape configs shipped in deploy/kubernetes turn annotated pods and services into the expected targets.</summary>
public class ShippedKubernetesConfigTests
{
    private static List<ScrapeConfig> Load(string file)
    {
        string path = Path.Combine(RepoPaths.Root, "deploy", "kubernetes", file);
        YamlSection root = YamlSection.Load(File.ReadAllText(path), path);
        GlobalConfig global = GlobalConfig.Parse(root.GetSection("global"));
        return [.. root.GetSectionList("scrape_configs").Select(s => ScrapeConfig.Parse(s, global))];
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, KubernetesJson.Options)!;

    [Theory]
    [InlineData("metrics.yml")]
    [InlineData("metrics-daemonset.yml")]
    public void An_annotated_pod_is_scraped_at_its_annotated_port_and_path_with_its_labels(string file)
    {
        ScrapeConfig pods = Load(file).Single(c => c.JobName == "kubernetes-pods");
        Assert.Equal(KubernetesRole.Pod, Assert.Single(pods.KubernetesSdConfigs).Role);

        // Two container ports plus two port-less containers: all collapse onto the annotated port.
        TargetGroup group = PodTargets.Build(Read<Pod>(KubernetesSamples.Pod("web-1", port: 8080, metricsPath: "/stats")));
        List<ScrapeTarget> targets = TargetBuilder.FromGroups(pods, [group], "self:9090");
        Assert.All(targets, t => Assert.Equal(new Uri("http://10.1.2.3:8080/stats"), t.Url));
        ScrapeTarget target = targets[0];
        Assert.Equal(
            "{app=\"web\", app_kubernetes_io_name=\"web-app\", instance=\"10.1.2.3:8080\", job=\"kubernetes-pods\", namespace=\"default\", node=\"node-a\", pod=\"web-1\", pod_template_hash=\"7d9f\"}",
            target.Labels.ToString());
    }

    [Fact]
    public void Pods_without_the_scrape_annotation_or_that_finished_are_not_scraped_and_https_is_honoured()
    {
        ScrapeConfig pods = Load("metrics.yml").Single(c => c.JobName == "kubernetes-pods");
        Assert.Empty(TargetBuilder.FromGroups(pods, [PodTargets.Build(Read<Pod>(KubernetesSamples.Pod("plain", annotated: false)))], "self:9090"));
        string done = KubernetesSamples.Pod("job-1").Replace("\"phase\": \"Running\"", "\"phase\": \"Succeeded\"", StringComparison.Ordinal);
        Assert.Empty(TargetBuilder.FromGroups(pods, [PodTargets.Build(Read<Pod>(done))], "self:9090"));
        string https = KubernetesSamples.Pod("tls").Replace("\"prometheus.io/scrape\": \"true\"", "\"prometheus.io/scrape\": \"true\", \"prometheus.io/scheme\": \"https\"", StringComparison.Ordinal);
        Assert.Equal(new Uri("https://10.1.2.3:8080/stats"), TargetBuilder.FromGroups(pods, [PodTargets.Build(Read<Pod>(https))], "self:9090")[0].Url);
    }

    [Theory]
    [InlineData("metrics.yml")]
    [InlineData("metrics-daemonset.yml")]
    public void An_annotated_service_is_scraped_through_its_endpoints_with_service_and_pod_labels(string file)
    {
        ScrapeConfig endpoints = Load(file).Single(c => c.JobName == "kubernetes-service-endpoints");
        Pod pod = Read<Pod>(KubernetesSamples.Pod("web-1"));
        TargetGroup group = EndpointsTargets.Build(Read<Endpoints>(KubernetesSamples.Endpoints()), Read<Service>(KubernetesSamples.Service()),
            key => key == "default/web-1" ? pod : null);
        List<ScrapeTarget> targets = TargetBuilder.FromGroups(endpoints, [group], "self:9090");
        ScrapeTarget ready = targets.First(t => t.Labels.Get("pod") == "web-1");
        Assert.Equal(new Uri("http://10.1.2.3:8080/metrics"), ready.Url);
        Assert.Equal(
            "{app=\"web\", instance=\"10.1.2.3:8080\", job=\"kubernetes-service-endpoints\", namespace=\"default\", node=\"node-a\", pod=\"web-1\", service=\"web\", tier=\"front\"}",
            ready.Labels.ToString());
        // The not-ready address's pod is unknown here: kept cluster-wide, dropped by the per-node variant.
        Assert.Equal(file == "metrics.yml", targets.Any(t => t.Url.Host == "10.1.2.9"));
    }

    [Fact]
    public void The_daemonset_variant_selects_its_own_node_through_the_environment()
    {
        foreach (ScrapeConfig job in Load("metrics-daemonset.yml"))
        {
            KubernetesSelector selector = Assert.Single(Assert.Single(job.KubernetesSdConfigs).Selectors);
            Assert.Equal((KubernetesRole.Pod, "spec.nodeName=$NODE_NAME"), (selector.Role, selector.Field));
            var env = new KubernetesEnvironment { Variables = n => n == "NODE_NAME" ? "node-7" : null };
            Assert.Equal("spec.nodeName=node-7", env.Expand(selector.Field, "field"));
        }
    }
}
