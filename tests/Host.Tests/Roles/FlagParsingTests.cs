using Metrics.Host.Roles;
using Metrics.Store.Configuration;

namespace Metrics.Host.Tests.Roles;

public class FlagParsingTests
{
    [Theory]
    [InlineData("512MB", 512L << 20)]
    [InlineData("10GB", 10L << 30)]
    [InlineData("1B", 1L)]
    public void Sizes_use_prometheus_units(string text, long bytes) => Assert.Equal(bytes, FlagParsing.ParseBytes(text));

    [Theory]
    [InlineData("10")]
    [InlineData("10gb")]
    [InlineData("-1GB")]
    public void Bad_sizes_name_the_flag(string text)
    {
        var e = Assert.Throws<ConfigException>(() => FlagParsing.ParseBytes(text));
        Assert.Contains("--storage.tsdb.retention.size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_must_be_positive_and_name_the_flag()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), FlagParsing.ParsePositiveDuration("2m", "--query.timeout"));
        var e = Assert.Throws<ConfigException>(() => FlagParsing.ParsePositiveDuration("0s", "--query.timeout"));
        Assert.Contains("--query.timeout", e.Message, StringComparison.Ordinal);
        Assert.Equal((TimeSpan.FromDays(15), 0L), FlagParsing.ParseRetention("15d", null));
    }
}
