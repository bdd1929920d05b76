using Metrics.Store.Time;

namespace Metrics.Store.Tests.Time;

public class PromDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("5s", 5_000L)]
    [InlineData("1m30s", 90_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1h", 3_600_000L)]
    [InlineData("2d", 172_800_000L)]
    [InlineData("1w", 604_800_000L)]
    [InlineData("1y", 31_536_000_000L)]
    [InlineData("1h1m1s1ms", 3_661_001L)]
    public void Parses_prometheus_durations(string text, long ms)
    {
        Assert.True(PromDuration.TryParseMilliseconds(text, out long parsed));
        Assert.Equal(ms, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("1s1m")]   // units must descend
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("5s ")]
    public void Rejects_malformed_durations(string text) => Assert.False(PromDuration.TryParseMilliseconds(text, out _));

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(90_000L, "1m30s")]
    [InlineData(604_800_000L, "1w")]
    [InlineData(500L, "500ms")]
    public void Formats_like_prometheus(long ms, string text) => Assert.Equal(text, PromDuration.Format(ms));
}
