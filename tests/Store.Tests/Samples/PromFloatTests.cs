using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Samples;

public class PromFloatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1.5e20, "150000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(-1.25e-10, "-1.25e-10")]
    [InlineData(123456789.125, "123456789.125")]
    [InlineData(0.0, "0")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Formats_like_prometheus_json(double value, string expected) => Assert.Equal(expected, PromFloat.Format(value));

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2.5e3", -2500.0)]
    [InlineData(".5", 0.5)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    public void Parses_prometheus_float_text(string text, double expected)
    {
        Assert.True(PromFloat.TryParse(text, out double v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("1,000")]
    [InlineData(" 1")]
    [InlineData("")]
    [InlineData("0x1p3")]
    public void Rejects_what_go_would_reject(string text) => Assert.False(PromFloat.TryParse(text, out _));

    [Fact]
    public void Random_doubles_round_trip_through_the_format()
    {
        var random = new Random(42);
        for (int i = 0; i < 10_000; i++)
        {
            double v = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsNaN(v) || double.IsInfinity(v)) continue;
            Assert.True(PromFloat.TryParse(PromFloat.Format(v), out double back), PromFloat.Format(v));
            Assert.Equal(v, back);
        }
    }
}
