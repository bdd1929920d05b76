using Metrics.Collector.Config;
using Metrics.Host.Configuration;
using Metrics.Store.Configuration;

namespace Metrics.Host.Tests.Configuration;

public class MetricsConfigTests
{
    private static ConfigException Fails(string yaml) => Assert.Throws<ConfigException>(() => MetricsConfig.Parse(yaml, "test.yml"));

    [Fact]
    public void A_full_prometheus_style_file_is_read_with_defaults_inherited()
    {
        MetricsConfig config = MetricsConfig.Parse("""
            global:
              scrape_interval: 15s
              scrape_timeout: 5s
              external_labels:
                cluster: eu1
            scrape_configs:
              - job_name: api
                metrics_path: /custom
                scheme: https
                static_configs:
                  - targets: ["a:9100", "b:9100"]
                    labels:
                      team: core
              - job_name: fast
                scrape_interval: 2s
            """, "test.yml");
        Assert.Equal(TimeSpan.FromSeconds(15), config.Global.ScrapeInterval);
        Assert.Equal("eu1", config.Global.ExternalLabels.Get("cluster"));
        ScrapeConfig api = config.ScrapeConfigs[0];
        Assert.Equal(("api", "/custom", "https"), (api.JobName, api.MetricsPath, api.Scheme));
        Assert.Equal(TimeSpan.FromSeconds(15), api.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), api.ScrapeTimeout);
        Assert.Equal(["a:9100", "b:9100"], api.StaticConfigs[0].Targets);
        Assert.Equal("core", api.StaticConfigs[0].Labels.Get("team"));
        // An inherited timeout longer than the job's interval shrinks to it, as in Prometheus.
        Assert.Equal(TimeSpan.FromSeconds(2), config.ScrapeConfigs[1].ScrapeTimeout);
    }

    [Fact]
    public void Defaults_match_prometheus()
    {
        MetricsConfig config = MetricsConfig.Parse("scrape_configs:\n  - job_name: x\n", "test.yml");
        ScrapeConfig job = config.ScrapeConfigs[0];
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), "/metrics", "http"), (job.ScrapeInterval, job.ScrapeTimeout, job.MetricsPath, job.Scheme));
        Assert.True(job.HonorTimestamps);
        Assert.False(job.HonorLabels);
    }

    [Fact]
    public void Empty_file_is_an_empty_config()
    {
        Assert.Empty(MetricsConfig.Parse("", "test.yml").ScrapeConfigs);
    }

    [Fact]
    public void Bad_yaml_names_file_and_line()
    {
        ConfigException e = Fails("global:\n  scrape_interval: 5s\n scrape_configs: [\n");
        Assert.Equal("test.yml", e.File);
        Assert.Equal(3, e.Line);
        Assert.StartsWith("test.yml:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_field_names_the_field_path_and_line()
    {
        ConfigException e = Fails("scrape_configs:\n  - job_name: a\n    scrape_intervall: 5s\n");
        Assert.Equal(3, e.Line);
        Assert.Equal("scrape_configs[0].scrape_intervall", e.Field);
        Assert.Contains("unknown field", e.Message, StringComparison.Ordinal);
        Assert.Contains("scrape_interval", e.Message, StringComparison.Ordinal);  // lists what is allowed
    }

    [Fact]
    public void Unknown_top_level_section_is_an_error()
    {
        ConfigException e = Fails("global: {}\nscrape_config: []\n");
        Assert.Equal(("scrape_config", 2), (e.Field, e.Line));
    }

    [Theory]
    [InlineData("global:\n  scrape_interval: soon\n", "global.scrape_interval", 2, "invalid duration \"soon\"")]
    [InlineData("global:\n  scrape_interval: [1]\n", "global.scrape_interval", 2, "expected a string, got a list")]
    [InlineData("scrape_configs: {a: 1}\n", "scrape_configs", 1, "expected a list, got a mapping")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: localhost:9090\n", "scrape_configs[0].static_configs[0].targets", 4, "expected a list of strings")]
    [InlineData("scrape_configs:\n  - job_name: a\n    honor_labels: maybe\n", "scrape_configs[0].honor_labels", 3, "expected true or false")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scheme: ftp\n", "scrape_configs[0].scheme", 3, "must be http or https")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scrape_interval: 0s\n", "scrape_configs[0].scrape_interval", 3, "must be greater than 0s")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: {\"bad-name\": x}\n", "scrape_configs[0].static_configs[0].labels", 4, "invalid label name \"bad-name\"")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [\"http://x:1/metrics\"]\n", "scrape_configs[0].static_configs[0].targets", 4, "invalid target")]
    public void Wrong_types_and_values_name_the_field(string yaml, string field, int line, string problem)
    {
        ConfigException e = Fails(yaml);
        Assert.Equal(field, e.Field);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_job_name_is_required()
    {
        ConfigException e = Fails("scrape_configs:\n  - scrape_interval: 5s\n");
        Assert.Equal("scrape_configs[0].job_name", e.Field);
        Assert.Contains("is required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_job_name_points_at_the_second()
    {
        ConfigException e = Fails("scrape_configs:\n  - job_name: a\n  - job_name: b\n  - job_name: a\n");
        Assert.Equal(4, e.Line);
        Assert.Equal("scrape_configs[2].job_name", e.Field);
        Assert.Contains("multiple scrape configs with job name \"a\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_timeout_above_interval_is_an_error()
    {
        ConfigException e = Fails("scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n");
        Assert.Equal("scrape_configs[0].scrape_timeout", e.Field);
    }

    [Fact]
    public void The_embedded_default_is_the_deploy_local_file_and_scrapes_itself_every_5s()
    {
        string onDisk = File.ReadAllText(Path.Combine(Metrics.Tests.Shared.RepoPaths.Root, "deploy", "local", "metrics.yml"));
        Assert.Equal(onDisk, MetricsConfig.EmbeddedDefaultText());
        ScrapeConfig job = Assert.Single(MetricsConfig.EmbeddedDefault().ScrapeConfigs);
        Assert.Equal(TimeSpan.FromSeconds(5), job.ScrapeInterval);
        Assert.Equal([ScrapeConfig.SelfTarget], job.StaticConfigs.Single().Targets);
    }

    [Fact]
    public void A_missing_file_is_a_config_error_not_a_crash()
    {
        var e = Assert.Throws<ConfigException>(() => MetricsConfig.Load("/nonexistent/metrics.yml"));
        Assert.Contains("cannot read file", e.Message, StringComparison.Ordinal);
    }
}
