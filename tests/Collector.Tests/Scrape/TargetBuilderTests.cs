using Metrics.Collector.Config;
using Metrics.Collector.Relabel;
using Metrics.Collector.Scrape;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Tests.Scrape;

public class TargetBuilderTests
{
    private static ScrapeConfig Parse(string yaml)
        => ScrapeConfig.Parse(YamlSection.Load(yaml, "t.yml").GetSectionList("scrape_configs")[0], GlobalConfig.Default);

    [Fact]
    public void Static_targets_get_job_instance_and_their_labels_and_no_double_underscore_labels()
    {
        ScrapeConfig config = Parse("scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [\"a:1\"]\n        labels: {team: core}\n");
        ScrapeTarget t = Assert.Single(TargetBuilder.FromStaticConfigs(config, "self:9090"));
        Assert.Equal("{instance=\"a:1\", job=\"api\", team=\"core\"}", t.Labels.ToString());
        Assert.Equal(new Uri("http://a:1/metrics"), t.Url);
    }

    [Fact]
    public void Relabel_configs_drop_targets_rewrite_address_and_add_url_parameters()
    {
        ScrapeConfig config = Parse("""
            scrape_configs:
              - job_name: api
                static_configs:
                  - targets: ["a:1", "b:2", "c:3"]
                relabel_configs:
                  - source_labels: [__address__]
                    regex: "b:.*"
                    action: drop
                  - source_labels: [__address__]
                    regex: "(.*):(.*)"
                    target_label: __param_target
                    replacement: "$1"
                  - target_label: __address__
                    replacement: "probe:9115"
                  - source_labels: [__param_target]
                    target_label: instance
            """);
        List<ScrapeTarget> targets = TargetBuilder.FromStaticConfigs(config, "self:9090");
        Assert.Equal(["a", "c"], targets.Select(t => t.Instance));
        Assert.Equal(new Uri("http://probe:9115/metrics?target=a"), targets[0].Url);
        Assert.DoesNotContain(targets[0].Labels, l => l.Name.StartsWith("__", StringComparison.Ordinal));
    }

    [Fact]
    public void Metric_relabel_configs_are_carried_to_the_target()
    {
        ScrapeConfig config = Parse("scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [\"a:1\"]\n    metric_relabel_configs:\n      - source_labels: [__name__]\n        regex: go_.*\n        action: drop\n");
        ScrapeTarget t = Assert.Single(TargetBuilder.FromStaticConfigs(config, "self:9090"));
        Assert.Equal(RelabelAction.Drop, Assert.Single(t.MetricRelabelConfigs).Action);
    }
}
