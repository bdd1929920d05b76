using Metrics.Query.Functions;
using Metrics.Store.Samples;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>quantile_over_time, stddev/stdvar_over_time and mad_over_time against Prometheus's functions.test.</summary>
public class RangeKernelsStatisticsTests
{
    private const double NaN = double.NaN;

    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(0.5, 0.5, 1, 1)]
    [InlineData(0.75, 0.75, 1.5, 2.5)]
    [InlineData(0.8, 0.8, 1.6, 2.8)]
    [InlineData(1, 1, 2, 4)]
    [InlineData(-1, double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData(2, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity)]
    public void Quantile_over_time_interpolates_between_ranks(double q, double twoSamples, double threeSamples, double uneven)
    {
        Near(twoSamples, RangeKernels.QuantileOverTime(q, Window(Load(10 * Second, 0, 1), Minute, 2 * Minute)));
        Near(threeSamples, RangeKernels.QuantileOverTime(q, Window(Load(10 * Second, 0, 1, 2), Minute, 2 * Minute)));
        Near(uneven, RangeKernels.QuantileOverTime(q, Window(Load(10 * Second, 0, 1, 4), Minute, 2 * Minute)));
    }

    [Fact]
    public void Quantile_over_time_with_scratch_leaves_the_window_alone()
    {
        Sample[] window = [new(1, 3), new(2, 1), new(3, 2)];
        Span<double> scratch = stackalloc double[8];
        Assert.Equal(2.0, RangeKernels.QuantileOverTime(0.5, window, scratch));
        Assert.Equal(3.0, window[0].Value);
        Assert.Null(RangeKernels.QuantileOverTime(0.5, [], scratch));
        Assert.True(double.IsNaN(RangeKernels.QuantileOverTime(NaN, window)!.Value));
        Assert.Throws<ArgumentException>(() => RangeKernels.QuantileOverTime(0.5, window, new double[2]));
    }

    [Fact]
    public void Stdvar_and_stddev_over_time_match_prometheus()
    {
        Sample[] window = Window(Load(10 * Second, 0, 8, 8, 2, 3), Minute, 2 * Minute);
        Near(10.56, RangeKernels.StdvarOverTime(window));
        Near(3.249615, RangeKernels.StddevOverTime(window));

        // Regression test for prometheus/prometheus#4927: identical values give exactly zero.
        Sample[] constant = Window(Load(10 * Second, 1.5990505637277868, 1.5990505637277868, 1.5990505637277868), 55 * Second, Minute);
        Assert.Equal(0.0, RangeKernels.StdvarOverTime(constant));
        Assert.Equal(0.0, RangeKernels.StddevOverTime(constant));

        Assert.Equal(0.0, RangeKernels.StdvarOverTime([new Sample(0, 7)]));
        Assert.Null(RangeKernels.StddevOverTime([]));
        Assert.True(double.IsNaN(RangeKernels.StdvarOverTime([new Sample(0, 1), new Sample(1, double.PositiveInfinity)])!.Value));
    }

    [Fact]
    public void Mad_over_time_is_the_median_absolute_deviation()
    {
        Near(1, RangeKernels.MadOverTime(Window(Load(10 * Second, 4, 6, 2, 1, 999, 1, 2), 70 * Second, 70 * Second)));
        Near(1, RangeKernels.MadOverTime(Window(Load(10 * Second, 1, 2, 3, 4, 5), 40 * Second, 50 * Second)));
        Near(0, RangeKernels.MadOverTime(Window(Load(10 * Second, 7, 7, 7, 7, 7), 40 * Second, 50 * Second)));
        Near(0, RangeKernels.MadOverTime(Window(Load(10 * Second, 5), 0, 10 * Second)));
        Near(NaN, RangeKernels.MadOverTime(Window(Load(10 * Second, 1, 2, NaN, 4), 30 * Second, 40 * Second)));
        Assert.Null(RangeKernels.MadOverTime([]));
    }
}
