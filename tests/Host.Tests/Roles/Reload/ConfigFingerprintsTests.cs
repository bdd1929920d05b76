using Metrics.Host.Configuration;
using Metrics.Host.Roles.Reload;

namespace Metrics.Host.Tests.Roles.Reload;

/// <summary>Which scrape jobs a reload may leave running: only those whose effective definition is the same.</summary>
public sealed class ConfigFingerprintsTests
{
    private static ConfigFingerprints Of(string yaml) => ConfigFingerprints.Of(MetricsConfig.Parse(yaml, "m.yml"));

    private const string Before = """
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: same
            static_configs:
              - targets: ["a:1"]
          - job_name: edited
            static_configs:
              - targets: ["b:1"]
          - job_name: inherits
            static_configs:
              - targets: ["c:1"]
            scrape_interval: 30s
        remote_write:
          - url: http://store:9090/api/v1/write
        """;

    [Fact]
    public void Comments_quoting_and_key_order_are_no_change_but_edited_and_removed_jobs_are()
    {
        ConfigFingerprints after = Of("""
            # reformatted, same meaning
            global: {scrape_interval: "15s"}
            scrape_configs:
              - static_configs: [{targets: ['a:1']}]
                job_name: "same"
              - job_name: edited
                static_configs:
                  - targets: ["b:2"]
              - job_name: added
                static_configs:
                  - targets: ["d:1"]
            remote_write:
              - url: http://store:9090/api/v1/write
            """);
        Assert.Equal(["same"], Of(Before).UnchangedJobs(after).Order());
        Assert.False(Of(Before).SectionChanged(after, "remote_write"));
    }

    [Fact]
    public void A_global_interval_change_changes_only_the_jobs_that_inherit_it()
    {
        ConfigFingerprints after = Of(Before.Replace("scrape_interval: 15s", "scrape_interval: 20s", StringComparison.Ordinal));
        Assert.Equal(["inherits"], Of(Before).UnchangedJobs(after).Order());
    }

    [Fact]
    public void A_remote_write_change_is_seen()
    {
        ConfigFingerprints after = Of(Before.Replace("store:9090", "store2:9090", StringComparison.Ordinal));
        Assert.True(Of(Before).SectionChanged(after, "remote_write"));
        Assert.Equal(["edited", "inherits", "same"], Of(Before).UnchangedJobs(after).Order());
    }
}
