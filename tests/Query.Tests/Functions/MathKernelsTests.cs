using Metrics.Query.Functions;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>The instant-vector math kernels against Prometheus's functions.test, aggregators.test and trig_functions.test.</summary>
public class MathKernelsTests
{
    private const double Inf = double.PositiveInfinity;
    private const double NaN = double.NaN;

    [Theory]
    [InlineData(2.5, 2.5, 3, 2, 3)]
    [InlineData(2, 2, 2, 2, 2)]
    [InlineData(-2.5, 2.5, -2, -3, -2)]
    [InlineData(-2, 2, -2, -2, -2)]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(Inf, Inf, Inf, Inf, Inf)]
    [InlineData(-Inf, Inf, -Inf, -Inf, -Inf)]
    [InlineData(NaN, NaN, NaN, NaN, NaN)]
    public void Abs_ceil_floor_round(double v, double abs, double ceil, double floor, double round)
    {
        Near(abs, MathKernels.Abs(v));
        Near(ceil, MathKernels.Ceil(v));
        Near(floor, MathKernels.Floor(v));
        Near(round, MathKernels.Round(v));
    }

    [Theory]
    [InlineData(0.4, 1, 0)]
    [InlineData(0.8, 1, 1)]
    [InlineData(-0.4, 1, 0)]
    [InlineData(-0.8, 1, -1)]
    [InlineData(0.5, 1, 1)]
    [InlineData(-0.5, 1, 0)]
    [InlineData(1.5, 1, 2)]
    [InlineData(-1.5, 1, -1)]
    [InlineData(0.05, 0.1, 0.1)]
    [InlineData(2.15, 0.1, 2.2)]
    [InlineData(2.2, 0.1, 2.2)]
    [InlineData(5.25, 0.1, 5.3)]
    [InlineData(-5.25, 0.1, -5.2)]
    [InlineData(-5.3, 0.1, -5.3)]
    [InlineData(2.5, 5, 5)]
    [InlineData(5, 5, 5)]
    [InlineData(4.5, 5, 5)]
    [InlineData(9, 5, 10)]
    public void Round_rounds_half_up_to_the_nearest_multiple(double v, double toNearest, double expected)
        => Near(expected, MathKernels.Round(v, toNearest));

    [Fact]
    public void Round_uses_the_inverse_of_to_nearest()
    {
        double inverse = 1.0 / 0.1;
        Assert.Equal(Math.Floor(5.25 * inverse + 0.5) / inverse, MathKernels.Round(5.25, 0.1));
    }

    [Theory]
    [InlineData(-50, -25, -25, -50)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(100, 75, 100, 75)]
    public void Clamp_min_and_max(double v, double clamped, double clampedMin, double clampedMax)
    {
        Assert.Equal(clamped, MathKernels.Clamp(v, -25, 75));
        Assert.Equal(clampedMin, MathKernels.ClampMin(v, -25));
        Assert.Equal(clampedMax, MathKernels.ClampMax(v, 75));
        Assert.Equal(Math.Min(Math.Max(v, -20), 70), MathKernels.ClampMax(MathKernels.ClampMin(v, -20), 70));
    }

    [Fact]
    public void Clamp_with_min_above_max_produces_no_output_and_nan_bounds_give_nan()
    {
        Assert.Null(MathKernels.Clamp(0, 5, -5));
        Assert.True(double.IsNaN(MathKernels.Clamp(100, 0, NaN)!.Value));
        Assert.True(double.IsNaN(MathKernels.Clamp(-50, NaN, 0)!.Value));
        Assert.True(double.IsNaN(MathKernels.Clamp(NaN, 0, 1)!.Value));
    }

    [Fact]
    public void Clamp_follows_go_min_max_for_infinities_and_signed_zero()
    {
        // Go's math.Max lets +Inf win over NaN; .NET's Math.Max would give NaN.
        Assert.Equal(Inf, MathKernels.ClampMin(Inf, NaN));
        Assert.Equal(-Inf, MathKernels.ClampMax(-Inf, NaN));
        Assert.True(double.IsNegative(MathKernels.MinOf(0.0, -0.0)));
        Assert.False(double.IsNegative(MathKernels.MaxOf(-0.0, 0.0)));
        Assert.Equal(3.0, MathKernels.MinOf(3, 5));
        Assert.Equal(-5.0, MathKernels.MinOf(-2, -5));
        Assert.Equal(5.0, MathKernels.MaxOf(5, 3));
        Assert.True(double.IsNaN(MathKernels.MinOf(NaN, 3)));
        Assert.True(double.IsNaN(MathKernels.MaxOf(3, NaN)));
        Assert.Equal(-Inf, MathKernels.MinOf(NaN, -Inf));
    }

    [Theory]
    [InlineData(-Inf, -1)]
    [InlineData(Inf, 1)]
    [InlineData(NaN, NaN)]
    [InlineData(-50, -1)]
    [InlineData(0, 0)]
    [InlineData(100, 1)]
    public void Sgn(double v, double expected) => Near(expected, MathKernels.Sgn(v));

    [Fact]
    public void Exp_ln_sqrt_log2_log10_match_the_fixture()
    {
        Near(22026.465794806718, MathKernels.Exp(10));
        Near(485165195.4097903, MathKernels.Exp(20));
        Near(4.5399929762484854e-05, MathKernels.Exp(-10));
        Near(1, MathKernels.Exp(0));
        Near(2.302585092994046, MathKernels.Ln(10));
        Near(2.995732273553991, MathKernels.Ln(20));
        Near(-Inf, MathKernels.Ln(0));
        Near(NaN, MathKernels.Ln(-10));
        Near(3.1622776601683795, MathKernels.Sqrt(10));
        Near(4.47213595499958, MathKernels.Sqrt(20));
        Near(3.3219280948873626, MathKernels.Log2(10));
        Near(4.321928094887363, MathKernels.Log2(20));
        Assert.Equal(-Inf, MathKernels.Log2(0));
        Assert.True(double.IsNaN(MathKernels.Log2(-10)));
        Assert.Equal(10.0, MathKernels.Log2(1024));
        Assert.Equal(-1074.0, MathKernels.Log2(double.Epsilon));
        Assert.Equal(Inf, MathKernels.Log2(Inf));
        Assert.Equal(1.0, MathKernels.Log10(10));
        Assert.Equal(1.301029995663981, MathKernels.Log10(20));
        Assert.Equal(-Inf, MathKernels.Log10(0));
        Assert.True(double.IsNaN(MathKernels.Log10(-10)));
    }

    [Fact]
    public void Log10_and_log2_keep_gos_formulas()
    {
        // Go computes log10 as ln(x) * (1/ln 10): the fixture's 1.301029995663981 is that product,
        // one ulp below the correctly rounded log10(20) = 1.3010299956639813.
        Assert.Equal(Math.Log(20) * 0.4342944819032518, MathKernels.Log10(20));
        Assert.Equal(3.0, MathKernels.Log10(1000));
        // Go's log2 splits off the binary exponent: log2(10) = ln(0.625) / ln 2 + 4 on amd64.
        Assert.Equal(Math.Log(0.625) * 1.4426950408889634 + 4, MathKernels.Log2(10));
    }

    [Fact]
    public void Trigonometry_matches_the_fixture()
    {
        Near(-0.5440211108893699, MathKernels.Sin(10));
        Near(0.9129452507276277, MathKernels.Sin(20));
        Near(-0.8390715290764524, MathKernels.Cos(10));
        Near(0.40808206181339196, MathKernels.Cos(20));
        Near(0.6483608274590867, MathKernels.Tan(10));
        Near(2.2371609442247427, MathKernels.Tan(20));
        Near(-0.10016742116155944, MathKernels.Asin(10 - 10.1));
        Near(NaN, MathKernels.Asin(20 - 10.1));
        Near(1.670963747956456, MathKernels.Acos(10 - 10.1));
        Near(NaN, MathKernels.Acos(20 - 10.1));
        Near(1.4711276743037345, MathKernels.Atan(10));
        Near(1.5208379310729538, MathKernels.Atan(20));
        Near(11013.232920103324, MathKernels.Sinh(10));
        Near(2.4258259770489514e+08, MathKernels.Sinh(20));
        Near(11013.232920103324, MathKernels.Cosh(10));
        Near(0.9999999958776927, MathKernels.Tanh(10));
        Near(1, MathKernels.Tanh(20));
        Near(2.99822295029797, MathKernels.Asinh(10));
        Near(3.6895038689889055, MathKernels.Asinh(20));
        Near(2.993222846126381, MathKernels.Acosh(10));
        Near(3.6882538673612966, MathKernels.Acosh(20));
        Near(-0.10033534773107522, MathKernels.Atanh(10 - 10.1));
        Near(NaN, MathKernels.Atanh(20 - 10.1));
        Near(NaN, MathKernels.Sin(NaN));
    }

    [Fact]
    public void Deg_and_rad_multiply_before_dividing()
    {
        Assert.Equal(0.17453292519943295, MathKernels.Rad(10));
        Assert.Equal(0.3490658503988659, MathKernels.Rad(20));
        Assert.Equal(-0.17453292519943295, MathKernels.Rad(-10));
        Assert.Equal(572.9577951308232, MathKernels.Deg(10));
        Assert.Equal(1145.9155902616465, MathKernels.Deg(20));
        Assert.Equal(0.0, MathKernels.Deg(0));
        Assert.True(double.IsNaN(MathKernels.Rad(NaN)));
    }
}
