using Metrics.Query.Functions;
using Metrics.Store.Samples;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>The *_over_time kernels against the expectations in Prometheus's functions.test.</summary>
public class RangeKernelsOverTimeTests
{
    private const double Inf = double.PositiveInfinity;
    private const double NaN = double.NaN;
    private const double Big = 9.988465674311579e+307;

    private static Sample[] At55s(long rangeMs, params double?[] values) => Window(Load(10 * Second, values), 55 * Second, rangeMs);

    [Fact]
    public void Avg_over_time_needs_a_sample_in_the_window()
    {
        Assert.Null(RangeKernels.AvgOverTime(At55s(10 * Second, 1, 2, 3, 4, 5)));
        Near(5, RangeKernels.AvgOverTime(At55s(20 * Second, 1, 2, 3, 4, 5)));
        Near(3, RangeKernels.AvgOverTime(At55s(Minute, 1, 2, 3, 4, 5)));
    }

    public static TheoryData<double[], double> AvgCases => new()
    {
        { [1, 2, 3, 4, Inf], Inf },
        { [1, 2, 3, 4, -Inf], -Inf },
        { [1, 2, 3, Inf, -Inf], NaN },
        { [Inf, 0, Inf], Inf },
        { [Inf, Inf, Inf, -Inf], NaN },
        { [1, 2, 3, -Inf, -Inf], -Inf },
        { [-Inf, 0, -Inf], -Inf },
        { [-Inf, -Inf, -Inf, Inf], NaN },
        { [1, 2, -Inf, -Inf, Inf], NaN },
        { [Big, Big], Big },
        { [-Big, -Big, -Big], -Big },
        { [-Big, Big], 0 },
        { [1, 1e100, 1, -1e100], 0.5 },
    };

    [Theory]
    [MemberData(nameof(AvgCases))]
    public void Avg_over_time_handles_infinities_and_overflow(double[] values, double expected)
        => Near(expected, RangeKernels.AvgOverTime(At55s(Minute, [.. values.Select(v => (double?)v)])));

    [Fact]
    public void Avg_over_time_is_nan_once_a_nan_is_in_the_window()
    {
        Sample[] series = Load(10 * Second, 1, 2, 3, NaN, NaN);
        Near(2, RangeKernels.AvgOverTime(Window(series, 20 * Second, Minute)));
        Near(NaN, RangeKernels.AvgOverTime(Window(series, 30 * Second, Minute)));
    }

    [Theory]
    [InlineData(new[] { 1e10, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6 }, 1.6666666666666675e+09)]
    [InlineData(new[] { 5.30921651659898, 0.961118537914768, 1.62091361305318, 0.865089463758091, 0.323055185914577, 0.951811357687154 }, 1.67186744582113)]
    [InlineData(new[] { 1.78264e50, 0.76342771, 1.9592258, 7.69805412, 458.90154 }, 3.56528E+49)]
    [InlineData(new[] { 0.76342771, 1.9592258, 7.69805412, 1.78264e50, 458.90154 }, 3.56528E+49)]
    [InlineData(new[] { 1.78264E+50, 0.76342771, 1.9592258, 2.258E+220, 7.69805412, 458.90154 }, 3.76333333333333E+219)]
    [InlineData(new[] { -1.78264E+50, 0.76342771, 1.9592258, 2.258E+220, 7.69805412, -458.90154 }, 3.76333333333333E+219)]
    [InlineData(new[] { -1.78264E+50, 0.76342771, 1.9592258, -2.258E+220, 7.69805412, -458.90154 }, -3.76333333333333E+219)]
    [InlineData(new[] { -1.78264E+215, 0.76342771, 1.9592258, 2.258E+220, 7.69805412, -458.90154 }, 3.76330362266667E+219)]
    [InlineData(new[] { -1.78264E+215, 0.76342771, 1.9592258, 2.258E+220, 7.69805412, 1.78264E+215, -458.90154 }, 3.225714285714286e+219)]
    [InlineData(new[] { -1.78264E+219, 0.76342771, 1.9592258, 2.3757689E+217, -2.3757689E+217, 2.258E+220, 7.69805412, 1.78264E+219, -458.90154 }, 2.5088888888888888e+219)]
    // Prometheus documents that even Kahan summation ends at 0 here (the true mean is -44.848...).
    [InlineData(new[] { -2.258E+220, -1.78264E+219, 0.76342771, 1.9592258, 2.3757689E+217, -2.3757689E+217, 2.258E+220, 7.69805412, 1.78264E+219, -458.90154 }, 0)]
    public void Avg_over_time_matches_prometheus_on_extreme_magnitudes(double[] values, double expected)
    {
        Sample[] series = Load(5 * Second, [.. values.Select(v => (double?)v)]);
        Near(expected, RangeKernels.AvgOverTime(Window(series, 55 * Second, Minute)));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(110)]
    [InlineData(120)]
    [InlineData(130)]
    public void Avg_over_time_of_a_constant_is_exactly_that_constant(int rangeSeconds)
    {
        Sample[] series = Load(10 * Second, Seq(52, 0, 100));
        Assert.Equal(52.0, RangeKernels.AvgOverTime(Window(series, 10 * Minute, rangeSeconds * Second)));
    }

    [Fact]
    public void Sum_over_time_is_kahan_compensated_and_keeps_overflow()
    {
        Near(2, RangeKernels.SumOverTime(Window(Load(10 * Second, 1, 1e100, 1, -1e100), Minute, 2 * Minute)));
        Assert.Equal(Inf, RangeKernels.SumOverTime(At55s(Minute, Big, Big)));
        Assert.Equal(-Inf, RangeKernels.SumOverTime(At55s(Minute, -Big, -Big, -Big)));
        Assert.Null(RangeKernels.SumOverTime([]));

        Sample[] dense = Load(1, Seq(1, 0, 4000));
        foreach (long range in new long[] { 1000, 1001, 1002, 1003, 2000, 2001, 2002, 2003, 3000, 3001, 3002, 3003 })
        {
            Assert.Equal(range, RangeKernels.SumOverTime(Window(dense, 4 * Second, range)));
        }
    }

    [Fact]
    public void Min_max_first_last_and_count_follow_prometheus_nan_rules()
    {
        double?[][] data = [[2, 0, 3], [2, 0, NaN], [2, NaN, 1], [NaN, 0, 1], [NaN, NaN, NaN], [null, 5, 2, null, 4, null]];
        double[] min = [0, 0, 1, 0, NaN, 2];
        double[] max = [3, 2, 2, 1, NaN, 5];
        double[] last = [3, NaN, 1, 1, NaN, 4];
        double[] first = [2, 2, 2, NaN, NaN, 5];
        double[] count = [3, 3, 3, 3, 3, 3];
        for (int i = 0; i < data.Length; i++)
        {
            Sample[] window = Window(Load(10 * Second, data[i]), Minute, 2 * Minute);
            Near(min[i], RangeKernels.MinOverTime(window));
            Near(max[i], RangeKernels.MaxOverTime(window));
            Near(last[i], RangeKernels.LastOverTime(window));
            Near(first[i], RangeKernels.FirstOverTime(window));
            Near(count[i], RangeKernels.CountOverTime(window));
            Assert.Equal(1, RangeKernels.PresentOverTime(window));
        }
        Assert.Null(RangeKernels.MinOverTime([]));
        Assert.Null(RangeKernels.MaxOverTime([]));
        Assert.Null(RangeKernels.LastOverTime([]));
        Assert.Null(RangeKernels.FirstOverTime([]));
        Assert.Null(RangeKernels.CountOverTime([]));
        Assert.Null(RangeKernels.PresentOverTime([]));
    }

    [Fact]
    public void Timestamps_of_min_max_first_and_last_are_in_seconds_without_rounding_errors()
    {
        const long step = 10 * Second + 53;
        Sample[] minMax = Window(Load(step, 1, 2, 3, 0, 5, 6, 2, 1, 4), 90 * Second, 90 * Second);
        Assert.Equal(30.159, RangeKernels.TsOfMinOverTime(minMax));
        Assert.Equal(50.265, RangeKernels.TsOfMaxOverTime(minMax));

        Sample[] lastSeries = Load(step, 1, 2, 3, null, null);
        Assert.Equal(20.106, RangeKernels.TsOfLastOverTime(Window(lastSeries, 90 * Second, 90 * Second)));
        Assert.Equal(20.106, RangeKernels.TsOfLastOverTime(Window(lastSeries, 95 * Second, 90 * Second)));

        Sample[] firstSeries = Load(step, null, null, 1, 2, 3, null, null);
        Assert.Equal(20.106, RangeKernels.TsOfFirstOverTime(Window(firstSeries, 90 * Second, 90 * Second)));
        Assert.Null(RangeKernels.TsOfFirstOverTime(Window(firstSeries, 15 * Second, 90 * Second)));
    }

    [Fact]
    public void Ts_of_max_and_min_prefer_the_newest_tie_and_skip_leading_nan()
    {
        Sample[] window = [new(1000, NaN), new(2000, 5), new(3000, 1), new(4000, 5), new(5000, 1)];
        Assert.Equal(4.0, RangeKernels.TsOfMaxOverTime(window));
        Assert.Equal(5.0, RangeKernels.TsOfMinOverTime(window));
        Assert.Equal(5.0, RangeKernels.MaxOverTime(window));
    }
}
