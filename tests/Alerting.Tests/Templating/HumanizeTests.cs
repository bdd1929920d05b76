using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Tests.Templating;

/// <summary>Expected texts are Prometheus's own (its template_test.go cases and documented examples).</summary>
public class HumanizeTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1234567.0, "1.235M")]
    [InlineData(0.001234, "1.234m")]
    [InlineData(-1500.0, "-1.5k")]
    [InlineData(1e30, "1e+06Y")]
    public void Number(double v, string expected) => Assert.Equal(expected, Humanize.Number(v));

    [Theory]
    [InlineData(1048576.0, "1Mi")]
    [InlineData(0.5, "0.5")]
    [InlineData(1536.0, "1.5ki")]
    public void Binary(double v, string expected) => Assert.Equal(expected, Humanize.Binary(v));

    [Theory]
    [InlineData(899.99, "14m 59s")]
    [InlineData(0.0, "0s")]
    [InlineData(1.5, "1.5s")]
    [InlineData(90061.0, "1d 1h 1m 1s")]
    [InlineData(0.0015, "1.5ms")]
    [InlineData(-60.0, "-1m 0s")]
    public void Duration(double v, string expected) => Assert.Equal(expected, Humanize.Duration(v));

    [Fact]
    public void Percentage() => Assert.Equal("12.35%", Humanize.Percentage(0.1234567));

    [Theory]
    [InlineData(1435065584.128, "2015-06-23 13:19:44.128 +0000 UTC")]
    [InlineData(0.0, "1970-01-01 00:00:00 +0000 UTC")]
    public void Timestamp(double v, string expected) => Assert.Equal(expected, Humanize.Timestamp(v));
}
