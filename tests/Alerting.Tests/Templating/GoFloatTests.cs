using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Tests.Templating;

public class GoFloatTests
{
    [Theory]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void General_is_gos_percent_v(double value, string expected) => Assert.Equal(expected, GoFloat.General(value));

    [Theory]
    [InlineData(0.125, 'f', 2, "0.12")]   // exact tie: half to even, as Go
    [InlineData(0.375, 'f', 2, "0.38")]
    [InlineData(2.5, 'f', 0, "2")]
    [InlineData(12345.0, 'g', 4, "1.234e+04")]
    [InlineData(1234.0, 'g', 4, "1234")]
    [InlineData(100.0, 'g', 4, "100")]
    [InlineData(0.0001234, 'g', 4, "0.0001234")]
    [InlineData(1.0, 'e', -1, "1e+00")]
    [InlineData(1234.5678, 'e', 3, "1.235e+03")]
    [InlineData(0.0, 'e', 6, "0.000000e+00")]
    [InlineData(999.99, 'f', 1, "1000.0")]
    [InlineData(5e-324, 'e', 3, "4.941e-324")]
    [InlineData(1.7976931348623157e308, 'g', 4, "1.798e+308")]
    [InlineData(1e21, 'f', 0, "1000000000000000000000")]
    public void Fixed_precisions_round_like_go(double value, char verb, int precision, string expected)
        => Assert.Equal(expected, GoFloat.Format(value, verb, precision));
}
