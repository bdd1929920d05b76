using Metrics.Query.Http;

namespace Metrics.Query.Tests.Http;

public class ApiJsonWriterTests
{
    [Theory]
    [InlineData(1435781451781L, "1435781451.781")]
    [InlineData(1435781451000L, "1435781451")]
    [InlineData(1435781451500L, "1435781451.5")]
    [InlineData(1435781451050L, "1435781451.05")]
    [InlineData(0L, "0")]
    [InlineData(-1500L, "-1.5")]
    [InlineData(-500L, "-0.5")]
    public void Timestamps_are_seconds_with_at_most_millisecond_decimals(long ms, string expected)
        => Assert.Equal(expected, ApiJsonWriter.FormatTimestamp(ms));
}
