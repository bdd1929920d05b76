using Metrics.Query.Functions;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>The aggregation accumulators and quantile against Prometheus's aggregators.test.</summary>
public class AggregationKernelsTests
{
    private const double Inf = double.PositiveInfinity;
    private const double NaN = double.NaN;
    private const double Big = 9.988465674311579e+307;

    private static double Sum(params double[] v) => AggregationKernels.Fold<SumAccumulator>(v);

    private static double Avg(params double[] v) => AggregationKernels.Fold<AvgAccumulator>(v);

    [Fact]
    public void Sum_is_kahan_compensated()
    {
        Assert.Equal(10.0, Sum(2, 8, 1e100, -1e100));
        Assert.Equal(1000.0, Sum(100, 300, 500, 100));
        Assert.Equal(Inf, Sum(Inf, 2));
        Assert.Equal(Inf, Sum(2, Inf));
        Assert.Equal(-Inf, Sum(-Inf, 2));
        Assert.True(double.IsNaN(Sum(Inf, -Inf)));
        Assert.True(double.IsNaN(Sum(NaN, 2)));
        Assert.True(double.IsNaN(Sum(2, NaN)));
        Assert.Equal(0.30000000000000004, Sum(0.1, 0.2));
        // Compensation recovers what plain addition loses: 1 + 1e-16 * 10 stays 1 without it.
        Assert.Equal(1.000000000000001, Sum(1, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16, 1e-16));
    }

    public static TheoryData<double[], double> AvgCases => new()
    {
        { [8, 10, 12], 10 },
        { [0, Inf, Inf, 0], Inf },
        { [Inf, 0, Inf], Inf },
        { [Inf, Inf, Inf, -Inf], NaN },
        { [-Inf, -Inf, 0], -Inf },
        { [-Inf, 0, -Inf], -Inf },
        { [-Inf, -Inf, -Inf, Inf], NaN },
        { [-Inf, 0, Inf], NaN },
        { [Big, Big, Big, Big], Big },
        { [-Big, -Big, -Big, -Big], -Big },
        { [-Big, -Big, Big, Big], 0 },
        { [2, 8, 1e100, -1e100], 2.5 },
        { [Inf, 2], Inf },
        { [2, -Inf], -Inf },
        { [Inf, -Inf], NaN },
        { [NaN, 2], NaN },
        { [2, NaN], NaN },
    };

    [Theory]
    [MemberData(nameof(AvgCases))]
    public void Avg_matches_prometheus(double[] values, double expected) => Near(expected, Avg(values));

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void Avg_of_a_constant_is_exact(int count)
    {
        double[] values = [.. Enumerable.Repeat(52.0, count)];
        Assert.Equal(52.0, Avg(values));
    }

    [Fact]
    public void Min_and_max_prefer_numbers_over_nan()
    {
        double[] values = [1, 2, NaN, 3, 4];
        Assert.Equal(4.0, AggregationKernels.Fold<MaxAccumulator>(values));
        Assert.Equal(1.0, AggregationKernels.Fold<MinAccumulator>(values));
        Assert.Equal(3.0, AggregationKernels.Fold<MaxAccumulator>([NaN, 3]));
        Assert.Equal(3.0, AggregationKernels.Fold<MinAccumulator>([3, NaN]));
        Assert.True(double.IsNaN(AggregationKernels.Fold<MaxAccumulator>([NaN, NaN])));
        Assert.Equal(-Inf, AggregationKernels.Fold<MinAccumulator>([-Inf, NaN, 0]));
    }

    [Fact]
    public void Count_and_group()
    {
        Assert.Equal(3.0, AggregationKernels.Fold<CountAccumulator>([NaN, 1, 2]));
        Assert.Equal(1.0, AggregationKernels.Fold<GroupAccumulator>([0.8, 5]));
    }

    [Fact]
    public void Stddev_and_stdvar_use_welford()
    {
        double[] all = [100, 200, 300, 400, 500, 600, 700, 800];
        Near(229.12878474779, AggregationKernels.Fold<StddevAccumulator>(all));
        Assert.Equal(52500.0, AggregationKernels.Fold<StdvarAccumulator>(all));
        Assert.Equal(50000.0, AggregationKernels.Fold<StdvarAccumulator>([100, 300, 500, 700]));
        Near(223.60679774998, AggregationKernels.Fold<StddevAccumulator>([200, 400, 600, 800]));
        Assert.Equal(0.0, AggregationKernels.Fold<StddevAccumulator>([13.3, 13.3, 13.3]));
        Assert.Equal(0.5, AggregationKernels.Fold<StddevAccumulator>([1, 2]));
        Assert.Equal(0.25, AggregationKernels.Fold<StdvarAccumulator>([1, 2]));
        Assert.Equal(0.0, AggregationKernels.Fold<StdvarAccumulator>([1]));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, NaN })]
    [InlineData(new[] { NaN, 1.0, 2 })]
    [InlineData(new[] { NaN })]
    [InlineData(new[] { 1.0, 2, Inf })]
    [InlineData(new[] { Inf, 1.0, 2 })]
    [InlineData(new[] { Inf })]
    [InlineData(new[] { -Inf })]
    public void Stddev_and_stdvar_are_nan_with_any_nan_or_infinity(double[] values)
    {
        Assert.True(double.IsNaN(AggregationKernels.Fold<StddevAccumulator>(values)));
        Assert.True(double.IsNaN(AggregationKernels.Fold<StdvarAccumulator>(values)));
    }

    [Theory]
    [InlineData(0.8, 0.8, 1.6, 2.8, 0.6)]
    [InlineData(0.2, 0.2, 0.4, 0.4, NaN)] // A quantile between NaN and 0 interpolates to NaN.
    [InlineData(NaN, NaN, NaN, NaN, NaN)]
    [InlineData(-0.1, -Inf, -Inf, -Inf, -Inf)]
    [InlineData(1.1, Inf, Inf, Inf, Inf)]
    public void Quantile_sorts_nan_first_and_interpolates(double q, double two, double three, double uneven, double withNaN)
    {
        Near(two, AggregationKernels.Quantile(q, new double[] { 1, 0 }));
        Near(three, AggregationKernels.Quantile(q, new double[] { 2, 0, 1 }));
        Near(uneven, AggregationKernels.Quantile(q, new double[] { 0, 4, 1 }));
        Near(withNaN, AggregationKernels.Quantile(q, new double[] { 0, 1, NaN }));
    }

    [Fact]
    public void Quantile_of_nothing_is_nan_and_matches_the_go_arithmetic()
    {
        Assert.True(double.IsNaN(AggregationKernels.Quantile(0.5, [])));
        // 0.8 * 2 = 1.6 leaves weight 0.6000000000000001, exactly as in Go.
        Assert.Equal(0.6000000000000001, AggregationKernels.Quantile(0.8, new double[] { 0, 1, NaN }));
    }
}
