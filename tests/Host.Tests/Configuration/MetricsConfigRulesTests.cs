using Metrics.Host.Configuration;
using Metrics.Store.Configuration;

namespace Metrics.Host.Tests.Configuration;

/// <summary>The <c>rule_files</c> and <c>alerting</c> sections of the configuration file.</summary>
public class MetricsConfigRulesTests
{
    [Fact]
    public void Rule_files_alertmanagers_and_alert_relabeling_are_read()
    {
        MetricsConfig config = MetricsConfig.Parse("""
            rule_files: ["rules/*.yml", "extra.yml"]
            alerting:
              alert_relabel_configs:
                - source_labels: [severity]
                  regex: debug
                  action: drop
              alertmanagers:
                - path_prefix: /am
                  static_configs:
                    - targets: ["127.0.0.1:9093"]
            """, "test.yml");
        Assert.Equal(["rules/*.yml", "extra.yml"], config.RuleFiles);
        Assert.Equal("http://127.0.0.1:9093/am/api/v2/alerts", Assert.Single(config.Alerting.Alertmanagers).AlertsUrl.ToString());
        Assert.Single(config.AlertRelabelConfigs);
    }

    [Theory]
    [InlineData("rule_files: [\"rules/[a.yml\"]\n", "test.yml:1:13: field \"rule_files\": invalid rule file path \"rules/[a.yml\"")]
    [InlineData("alerting:\n  alertmanagers:\n    - scheme: ftp\n", "test.yml:3:15: field \"alerting.alertmanagers[0].scheme\"")]
    [InlineData("alerting:\n  bogus: 1\n", "test.yml:2:3: field \"alerting.bogus\": unknown field")]
    public void Bad_alerting_sections_name_file_line_and_field(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => MetricsConfig.Parse(yaml, "test.yml"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
