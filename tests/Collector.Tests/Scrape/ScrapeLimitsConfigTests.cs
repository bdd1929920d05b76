using Metrics.Collector.Config;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>The limit fields of scrape_configs: Prometheus's names, units and defaults.</summary>
public sealed class ScrapeLimitsConfigTests
{
    private static ScrapeConfig Parse(string fields) => ScrapeConfig.Parse(
        YamlSection.Load($"scrape_configs:\n  - job_name: j\n{fields}    static_configs: [{{targets: ['a:1']}}]\n", "t.yml")
            .GetSectionList("scrape_configs")[0], GlobalConfig.Default);

    [Fact]
    public void All_limit_fields_are_read()
    {
        ScrapeLimits l = Parse("""
                sample_limit: 100
                label_limit: 30
                label_name_length_limit: 200
                label_value_length_limit: 2048
                body_size_limit: 10MB

            """).Limits;
        Assert.Equal(new ScrapeLimits
        {
            SampleLimit = 100, LabelLimit = 30, LabelNameLengthLimit = 200, LabelValueLengthLimit = 2048, BodySizeLimit = 10L << 20,
        }, l);
    }

    [Fact]
    public void Absent_fields_mean_no_limit() => Assert.Equal(ScrapeLimits.None, Parse("").Limits);

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("10B", 10L)]
    [InlineData("10KB", 10_240L)]
    [InlineData("10KiB", 10_240L)]
    [InlineData("1.5MB", 1_572_864L)]
    [InlineData("1GB512MB", 1_610_612_736L)]
    public void Body_sizes_use_prometheus_base2_units(string text, long bytes)
    {
        Assert.True(ScrapeLimits.TryParseByteSize(text, out long parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("10")]        // Prometheus: "units: unknown unit  in 10"
    [InlineData("10kb")]
    [InlineData("-1MB")]
    [InlineData("MB")]
    public void Bad_body_sizes_are_refused(string text) => Assert.False(ScrapeLimits.TryParseByteSize(text, out _));

    [Fact]
    public void A_bad_value_names_file_line_and_field()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("    sample_limit: -5\n"));
        Assert.Contains("t.yml:3:", e.Message, StringComparison.Ordinal);
        Assert.Contains("scrape_configs[0].sample_limit", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<ConfigException>(() => Parse("    body_size_limit: 10\n"));
        Assert.Contains("body_size_limit", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid size \"10\"", e.Message, StringComparison.Ordinal);
    }
}
