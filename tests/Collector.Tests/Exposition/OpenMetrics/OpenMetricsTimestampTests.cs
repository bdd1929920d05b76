using System.Globalization;
using static Metrics.Collector.Tests.Exposition.OpenMetrics.OpenMetricsTestHelpers;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>Timestamps in float seconds become exact integer milliseconds.</summary>
public class OpenMetricsTimestampTests
{
    private static long? Ms(string token) => Single($"m 1 {token}\n").TimestampMs;

    [Theory]
    [InlineData("1704067207.076", 1704067207076)]
    [InlineData("1704067222.075", 1704067222075)]
    [InlineData("1.5", 1500)]
    [InlineData("1", 1000)]
    [InlineData("1.", 1000)]
    [InlineData(".001", 1)]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("+2", 2000)]
    [InlineData("-1.5", -1500)]
    [InlineData("123.123", 123123)]
    [InlineData("1520879607.789", 1520879607789)]
    [InlineData("1e3", 1000000)]                          // Prometheus's ParseFloat accepts exponents
    [InlineData("1E3", 1000000)]
    [InlineData("1.5e-3", 1)]
    [InlineData("1.7268398142239082e+09", 1726839814223)]
    [InlineData("1704067207076e-3", 1704067207076)]
    [InlineData("0.0001", 0)]                             // sub-millisecond digits are truncated...
    [InlineData("-0.0019", -1)]                           // ...toward zero, as Go's int64() conversion does
    [InlineData("1704067207.0769", 1704067207076)]
    [InlineData("9223372036854775.807", long.MaxValue)]
    [InlineData("-9223372036854775.808", long.MinValue)]
    [InlineData("0e999999999", 0)]
    [InlineData("5e-999999999", 0)]
    public void Seconds_convert_to_exact_milliseconds(string token, long expected) =>
        Assert.Equal(expected, Ms(token));

    [Fact]
    public void Decimal_arithmetic_avoids_the_binary_rounding_of_seconds_times_a_thousand()
    {
        // 1.005 is 1.00499999999999989... as a double, so int64(1.005 * 1000) would be 1004.
        Assert.Equal(1004, (long)(double.Parse("1.005", CultureInfo.InvariantCulture) * 1000));
        Assert.Equal(1005, Ms("1.005"));
    }

    [Fact]
    public void Every_millisecond_of_a_second_converts_exactly()
    {
        var lines = new System.Text.StringBuilder();
        for (int ms = 0; ms < 1000; ms++) lines.Append(CultureInfo.InvariantCulture, $"m 1 1704067207.{ms:D3}\n");
        lines.Append("# EOF\n");

        List<OmSnapshot> entries = ReadAll(lines.ToString());

        Assert.Equal(Enumerable.Range(0, 1000).Select(ms => (long?)(1704067207000 + ms)), entries.Select(e => e.TimestampMs));
    }
}
