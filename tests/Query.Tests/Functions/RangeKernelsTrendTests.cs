using Metrics.Query.Functions;
using Metrics.Store.Samples;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>deriv, predict_linear, double_exponential_smoothing, resets and changes against Prometheus's functions.test.</summary>
public class RangeKernelsTrendTests
{
    private static readonly Sample[] ResetMiddle = Load(5 * Minute, Concat(Seq(0, 10, 4), Seq(0, 10, 5)));

    [Fact]
    public void Deriv_is_the_least_squares_slope()
    {
        Near(0.26666666666666666, RangeKernels.Deriv(Window(Load(5 * Minute, Seq(0, 80, 10)), 50 * Minute, 50 * Minute)));
        Near(0.010606060606060607, RangeKernels.Deriv(Window(ResetMiddle, 50 * Minute, 100 * Minute)));
        Assert.Null(RangeKernels.Deriv([new Sample(0, 1)]));
        Assert.Equal(0.0, RangeKernels.Deriv([new Sample(0, 3), new Sample(1000, 3)]));
    }

    [Fact]
    public void Deriv_and_predict_linear_are_nan_with_infinities()
    {
        Sample[] series = Load(5 * Minute, Concat([double.NegativeInfinity], Seq(0, 80, 10), [double.PositiveInfinity]));
        Sample[] window = Window(series, 100 * Minute, 100 * Minute);
        Near(double.NaN, RangeKernels.Deriv(window));
        Near(double.NaN, RangeKernels.PredictLinear(window, 100 * Minute, 6000));
        Near(double.NaN, RangeKernels.Deriv([new Sample(0, double.PositiveInfinity), new Sample(1000, double.PositiveInfinity)]));
    }

    [Fact]
    public void Predict_linear_extrapolates_from_the_evaluation_time()
    {
        Near(70, RangeKernels.PredictLinear(Window(ResetMiddle, 50 * Minute, 50 * Minute), 50 * Minute, 3600));

        // "[55m] @ 3000": the window is fixed at t=3000s, the intercept is taken at the step time.
        Sample[] pinned = Window(ResetMiddle, 50 * Minute, 55 * Minute);
        Near(76.81818181818181, RangeKernels.PredictLinear(pinned, 50 * Minute, 3600));
        Near(51.36363636363637, RangeKernels.PredictLinear(pinned, 10 * Minute, 3600));
        Near(89.54545454545455, RangeKernels.PredictLinear(pinned, 70 * Minute, 3600));
        Assert.Null(RangeKernels.PredictLinear([new Sample(0, 1)], 0, 60));
    }

    [Theory]
    [InlineData(0, 10, 1000, 8000)]
    [InlineData(0, 20, 1000, 16000)]
    [InlineData(0, 30, 1000, 24000)]
    [InlineData(0, 40, 2000, 32000)]
    [InlineData(8000, -10, 1000, 0)]
    [InlineData(0, -20, 1000, -16000)]
    public void Double_exponential_smoothing_follows_linear_trends(double start, double step, int times, double expected)
    {
        Sample[] series = Load(10 * Second, Seq(start, step, times));
        Near(expected, RangeKernels.DoubleExponentialSmoothing(Window(series, 8000 * Second, Minute), 0.01, 0.1));
    }

    [Fact]
    public void Double_exponential_smoothing_matches_the_go_recurrence()
    {
        Sample[] window = [new(0, 3), new(1, 7), new(2, 4), new(3, 10)];
        const double sf = 0.3, tf = 0.6;
        double s1 = 3, b = 4, s0 = 0;
        for (int i = 1; i < 4; i++)
        {
            double x = sf * window[i].Value;
            if (i > 1)
            {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            (s0, s1) = (s1, x + y);
        }
        Assert.Equal(s1, RangeKernels.DoubleExponentialSmoothing(window, sf, tf));
        Assert.Null(RangeKernels.DoubleExponentialSmoothing([new Sample(0, 1)], sf, tf));
    }

    [Theory]
    [InlineData(0, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000")]
    [InlineData(1, 0.5, "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000")]
    [InlineData(0.5, 1.5, "invalid trend factor. Expected: 0 < tf < 1, got: 1.500000")]
    [InlineData(0.5, double.NegativeInfinity, "invalid trend factor. Expected: 0 < tf < 1, got: -Inf")]
    public void Double_exponential_smoothing_rejects_factors_outside_zero_one(double sf, double tf, string message)
    {
        Assert.Equal(message, RangeKernels.SmoothingFactorError(sf, tf));
        // Prometheus fails the query even when the series has too few samples.
        var ex = Assert.Throws<ArgumentException>(() => RangeKernels.DoubleExponentialSmoothing([], sf, tf));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Double_exponential_smoothing_lets_nan_factors_through_as_prometheus_does()
    {
        Assert.Null(RangeKernels.SmoothingFactorError(double.NaN, double.NaN));
        Assert.True(double.IsNaN(RangeKernels.DoubleExponentialSmoothing([new Sample(0, 1), new Sample(1, 2)], double.NaN, 0.5)!.Value));
    }

    [Theory]
    [InlineData(5, null, null, null)]
    [InlineData(10, 0.0, 0.0, 0.0)]
    [InlineData(20, 1.0, 0.0, 0.0)]
    [InlineData(30, 1.0, 0.0, 0.0)]
    [InlineData(32, 2.0, 1.0, 0.0)]
    [InlineData(50, 3.0, 1.0, 0.0)]
    public void Resets_counts_decreases(int rangeMinutes, double? foo, double? bar, double? biz)
    {
        Assert.Equal(foo, RangeKernels.Resets(Window(Load(5 * Minute, 1, 2, 3, 0, 1, 0, 0, 1, 2, 0), 50 * Minute, rangeMinutes * Minute)));
        Assert.Equal(bar, RangeKernels.Resets(Window(Load(5 * Minute, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5), 50 * Minute, rangeMinutes * Minute)));
        Assert.Equal(biz, RangeKernels.Resets(Window(Load(5 * Minute, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1), 50 * Minute, rangeMinutes * Minute)));
    }

    [Theory]
    [InlineData(5, null, null, null)]
    [InlineData(6, 0.0, 0.0, 0.0)]
    [InlineData(20, 2.0, 2.0, 0.0)]
    [InlineData(30, 3.0, 4.0, 0.0)]
    [InlineData(50, 7.0, 8.0, 1.0)]
    public void Changes_counts_value_changes(int rangeMinutes, double? foo, double? bar, double? biz)
    {
        Assert.Equal(foo, RangeKernels.Changes(Window(Load(5 * Minute, 1, 2, 3, 0, 1, 0, 0, 1, 2, 0), 50 * Minute, rangeMinutes * Minute)));
        Assert.Equal(bar, RangeKernels.Changes(Window(Load(5 * Minute, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5), 50 * Minute, rangeMinutes * Minute)));
        Assert.Equal(biz, RangeKernels.Changes(Window(Load(5 * Minute, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1), 50 * Minute, rangeMinutes * Minute)));
    }

    [Fact]
    public void Changes_treats_nan_after_nan_as_no_change()
    {
        Assert.Equal(0, RangeKernels.Changes(Window(Load(5 * Minute, double.NaN, double.NaN, double.NaN), 15 * Minute, 20 * Minute)));
        Assert.Equal(2, RangeKernels.Changes(Window(Load(5 * Minute, 0, double.NaN, 0), 15 * Minute, 20 * Minute)));
        Assert.Equal(0, RangeKernels.Resets(Window(Load(5 * Minute, 0, double.NaN, 0), 15 * Minute, 20 * Minute)));
    }
}
