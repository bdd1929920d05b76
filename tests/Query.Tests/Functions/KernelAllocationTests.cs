using Metrics.Query.Functions;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Functions;

/// <summary>The kernels sit in the evaluator's inner loop, so they must not allocate per call.</summary>
public class KernelAllocationTests
{
    [Fact]
    public void Kernels_allocate_nothing_in_steady_state()
    {
        var window = new Sample[64];
        for (int i = 0; i < window.Length; i++)
        {
            window[i] = new Sample(i * 15_000, i % 7 == 0 ? 0 : i * 3.5);
        }
        var buckets = new ClassicBucket[] { new(0.1, 3), new(0.5, 9), new(1, 8), new(double.PositiveInfinity, 20) };
        var values = new double[] { 5, 1, 4, 2, 3 };

        double sink = 0;
        for (int i = 0; i < 3000; i++)
        {
            sink += RunAll(window, buckets, values); // Tiered JIT and array-pool warm-up.
        }
        const int Iterations = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            sink += RunAll(window, buckets, values);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Any per-call allocation costs at least 24 bytes per iteration; the runtime itself
        // occasionally allocates a few bytes on the thread (tiering), hence the small slack.
        Assert.True(allocated < Iterations, $"{allocated} bytes allocated over {Iterations} iterations");
        Assert.False(double.IsNaN(sink));
    }

    private static double RunAll(Sample[] window, ClassicBucket[] buckets, double[] values)
    {
        ReadOnlySpan<Sample> w = window;
        double s = 0;
        s += RangeKernels.Rate(w, -10_000, 950_000) ?? 0;
        s += RangeKernels.IRate(w) ?? 0;
        s += RangeKernels.Deriv(w) ?? 0;
        s += RangeKernels.PredictLinear(w, 950_000, 60) ?? 0;
        s += RangeKernels.AvgOverTime(w) ?? 0;
        s += RangeKernels.SumOverTime(w) ?? 0;
        s += RangeKernels.StddevOverTime(w) ?? 0;
        s += RangeKernels.QuantileOverTime(0.9, w) ?? 0;
        s += RangeKernels.MadOverTime(w) ?? 0;
        s += RangeKernels.DoubleExponentialSmoothing(w, 0.5, 0.5) ?? 0;
        s += RangeKernels.Resets(w) ?? 0;
        s += RangeKernels.Changes(w) ?? 0;
        s += HistogramQuantile.BucketQuantile(0.5, buckets).Value;
        s += HistogramQuantile.BucketFraction(0, 0.5, buckets);
        s += AggregationKernels.Quantile(0.5, values);
        s += AggregationKernels.Fold<AvgAccumulator>(values);
        s += MathKernels.Round(2.5, 0.1) + MathKernels.DayOfYear(1_700_000_000);
        return s;
    }
}
