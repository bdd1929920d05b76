using Metrics.Collector.Config;
using Metrics.Collector.Discovery;
using Metrics.Collector.Scrape;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>Discovered groups become targets with Prometheus's precedence: target over group over scrape config.</summary>
public class TargetBuilderGroupsTests
{
    private static readonly ScrapeConfig Config = ScrapeConfig.Parse(
        YamlSection.Load("scrape_configs:\n  - job_name: api\n    scheme: https\n", "t.yml").GetSectionList("scrape_configs")[0], GlobalConfig.Default);

    [Fact]
    public void Target_labels_win_over_group_labels_and_discovered_reserved_labels_win_over_config_defaults()
    {
        var group = new TargetGroup("g", [
            LabelSet.FromPairs("__address__", "a:1", "zone", "b"),
            LabelSet.FromPairs("__address__", "c:3", "__metrics_path__", "/probe", "job", "custom"),
        ], LabelSet.FromPairs("zone", "a", "team", "core"));
        List<ScrapeTarget> targets = TargetBuilder.FromGroups(Config, [group], "self:9090");

        Assert.Equal("{instance=\"a:1\", job=\"api\", team=\"core\", zone=\"b\"}", targets[0].Labels.ToString());
        Assert.Equal(new Uri("https://a:1/metrics"), targets[0].Url);
        Assert.Equal(new Uri("https://c:3/probe"), targets[1].Url);
        Assert.Equal("custom", targets[1].Labels.Get("job"));
    }

    [Fact]
    public void Identical_targets_are_built_once_and_addresses_that_are_urls_are_dropped()
    {
        var group = new TargetGroup("g", [
            LabelSet.FromPairs("__address__", "a:1"),
            LabelSet.FromPairs("__address__", "a:1"),
            LabelSet.FromPairs("__address__", "http://b:2/metrics"),
            LabelSet.FromPairs("__address__", "bad host:1"),
        ], LabelSet.Empty);
        Assert.Equal(["a:1"], TargetBuilder.FromGroups(Config, [group], "self:9090").Select(t => t.Instance));
    }
}
