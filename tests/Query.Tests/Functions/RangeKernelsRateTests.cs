using Metrics.Query.Functions;
using Metrics.Store.Samples;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>rate, increase, delta, irate and idelta against the expectations in Prometheus's functions.test.</summary>
public class RangeKernelsRateTests
{
    private static double? IncreaseAt(Sample[] series, long t, long range) => RangeKernels.Increase(Window(series, t, range), t - range, t);

    private static double? RateAt(Sample[] series, long t, long range, long offset = 0)
        => RangeKernels.Rate(Window(series, t - offset, range), t - offset - range, t - offset);

    [Theory]
    [InlineData(0, 10, 100, 100)] // path="/foo": already 0 at t=0, no extrapolation needed.
    [InlineData(10, 10, 100, 105)] // "/dings": would reach 0 at -5m, extrapolated by half an interval only.
    [InlineData(1, 10, 100, 101)] // "/bumms": the zero point at -30s cuts the extrapolation.
    public void Increase_extrapolates_to_the_range_start_but_not_below_zero(double start, double step, double over50m, double over100m)
    {
        Sample[] series = Load(5 * Minute, Seq(start, step, 10));
        Near(over50m, IncreaseAt(series, 50 * Minute, 50 * Minute));
        Near(over100m, IncreaseAt(series, 50 * Minute, 100 * Minute));
    }

    [Fact]
    public void Increase_adds_back_counter_resets()
    {
        Sample[] bar = Load(5 * Minute, Concat(Seq(0, 18, 5), Seq(0, 18, 5)));
        Near(160, IncreaseAt(bar, 50 * Minute, 50 * Minute));
        Near(162, IncreaseAt(bar, 50 * Minute, 100 * Minute));

        Sample[] foo = Load(5 * Minute, 0, 1, 2, 3, 2, 3, 4);
        Near(7, IncreaseAt(foo, 30 * Minute, 30 * Minute));
    }

    [Fact]
    public void Rate_handles_resets_in_the_middle_and_ignores_a_lone_sample_at_the_end()
    {
        Sample[] middle = Load(5 * Minute, Concat(Seq(0, 27, 4), Seq(0, 27, 5)));
        Near(0.08, RateAt(middle, 50 * Minute, 50 * Minute));

        Sample[] end = Load(5 * Minute, Concat(Seq(0, 10, 9), [0, 10]));
        Assert.Null(RateAt(end, 50 * Minute, 5 * Minute));
        Near(0, RateAt(end, 50 * Minute, 6 * Minute));
    }

    [Fact]
    public void Rate_is_per_second_and_honours_offset()
    {
        Near(0.26666666666666666, RateAt(Load(5 * Minute, Seq(0, 80, 10)), 50 * Minute, 50 * Minute));
        Near(0.03333333333333333, RateAt(Load(5 * Minute, Seq(0, 10, 10)), 50 * Minute, 10 * Minute, offset: 5 * Minute));
        Near(0.06666666666666667, RateAt(Load(5 * Minute, Seq(0, 20, 10)), 50 * Minute, 10 * Minute, offset: 5 * Minute));
    }

    [Theory]
    [InlineData(0, 0.5, 0.6)]
    [InlineData(60, 0.55, 0.6)]
    [InlineData(120, 0.6, 0.6)]
    [InlineData(180, 0.6, 0.6)]
    [InlineData(240, 0.6, 0.6)]
    [InlineData(300, 0.6, 0.6)]
    public void Rate_zero_cutoff_applies_until_half_an_interval(double start, double at10m, double at50m)
    {
        Sample[] series = Load(4 * Minute, Seq(start, 240, 10));
        Near(at10m, RateAt(series, 10 * Minute, 20 * Minute));
        Near(at50m, RateAt(series, 50 * Minute, 20 * Minute));
    }

    [Fact]
    public void Rate_matches_the_go_formula_bit_for_bit()
    {
        // Irregular samples exercising both thresholds; expected value evaluated with the Go
        // formula step by step in IEEE double arithmetic.
        Sample[] window = [new(1_000, 5), new(14_000, 9), new(31_500, 2), new(47_250, 11)];
        double? rate = RangeKernels.ExtrapolatedRate(window, 0, 60_000, 60, isCounter: true, isRate: true);

        double result = 11 - 5 + 9;
        double sampledInterval = 46.25;
        double average = sampledInterval / 3;
        double toStart = Math.Min(1.0, sampledInterval * (5 / result));
        double toEnd = 12.75 >= average * 1.1 ? average / 2 : 12.75;
        double expected = result * ((sampledInterval + toStart + toEnd) / sampledInterval / 60);
        Assert.Equal(expected, rate);
    }

    [Fact]
    public void Rate_needs_two_samples_and_delta_does_not_treat_decreases_as_resets()
    {
        Assert.Null(RangeKernels.Rate([], 0, 60_000));
        Assert.Null(RangeKernels.Rate([new Sample(30_000, 1)], 0, 60_000));

        Sample[] up = Load(5 * Minute, 0, 50, 100, 150, 200);
        Sample[] down = Load(5 * Minute, 200, 150, 100, 50, 0);
        Near(200, RangeKernels.Delta(Window(up, 20 * Minute, 20 * Minute), 0, 20 * Minute));
        Near(-200, RangeKernels.Delta(Window(down, 20 * Minute, 20 * Minute), 0, 20 * Minute));
    }

    [Fact]
    public void Rate_propagates_nan_and_infinity()
    {
        // Only the first and last values and the reset checks enter the result, so a NaN in the
        // middle is invisible (NaN < x is false), while a NaN at either end poisons it.
        Sample[] nanInside = [new(10_000, 1), new(20_000, double.NaN), new(30_000, 3)];
        Assert.Equal(RangeKernels.Rate([new(10_000, 1), new(30_000, 3)], 0, 30_000), RangeKernels.Rate(nanInside, 0, 30_000));
        Sample[] nanLast = [new(10_000, 1), new(20_000, 2), new(30_000, double.NaN)];
        Assert.True(double.IsNaN(RangeKernels.Rate(nanLast, 0, 30_000)!.Value));
        Sample[] withInf = [new(10_000, 1), new(20_000, double.PositiveInfinity)];
        Assert.Equal(double.PositiveInfinity, RangeKernels.Increase(withInf, 0, 20_000));
    }

    [Fact]
    public void Range_seconds_follow_go_duration_seconds()
    {
        Assert.Equal(3000.0, RangeKernels.RangeSeconds(50 * Minute));
        Assert.Equal(1.0 + 1_000_000 / 1e9, RangeKernels.RangeSeconds(1001));
        Assert.Equal(901.0, RangeKernels.RangeSeconds(15 * Minute + Second));
    }

    [Fact]
    public void IRate_uses_the_last_two_samples_and_treats_a_drop_as_a_reset()
    {
        Sample[] foo = Load(5 * Minute, Seq(0, 10, 10));
        Sample[] bar = Load(5 * Minute, Concat(Seq(0, 10, 5), Seq(0, 10, 5)));
        Near(0.03333333333333333, RangeKernels.IRate(Window(foo, 50 * Minute, 50 * Minute)));
        Near(0.03333333333333333, RangeKernels.IRate(Window(bar, 50 * Minute, 50 * Minute)));
        Near(0, RangeKernels.IRate(Window(bar, 30 * Minute, 50 * Minute)));
    }

    [Fact]
    public void IRate_and_IDelta_propagate_nan_as_prometheus_does()
    {
        // http_requests_nan 1 NaN NaN 5 11 evaluated from 0 to 20m with [15m1s].
        Sample[] series = Load(5 * Minute, 1, double.NaN, double.NaN, 5, 11);
        long range = 15 * Minute + Second;
        double?[] irates = [.. Enumerable.Range(0, 5).Select(i => RangeKernels.IRate(Window(series, i * 5 * Minute, range)))];
        double?[] ideltas = [.. Enumerable.Range(0, 5).Select(i => RangeKernels.IDelta(Window(series, i * 5 * Minute, range)))];
        Assert.Null(irates[0]);
        Assert.Null(ideltas[0]);
        for (int i = 1; i <= 3; i++)
        {
            Assert.True(double.IsNaN(irates[i]!.Value));
            Assert.True(double.IsNaN(ideltas[i]!.Value));
        }
        Near(0.02, irates[4]);
        Near(6, ideltas[4]);
    }

    [Fact]
    public void IDelta_is_the_plain_last_difference()
    {
        Near(50, RangeKernels.IDelta(Load(5 * Minute, 0, 50, 100, 150)));
        Near(-50, RangeKernels.IDelta(Load(5 * Minute, 0, 50, 100, 50)));
        Assert.Null(RangeKernels.IDelta([new Sample(0, 1)]));
        Assert.Null(RangeKernels.IRate([new Sample(5, 1), new Sample(5, 2)]));
    }
}
