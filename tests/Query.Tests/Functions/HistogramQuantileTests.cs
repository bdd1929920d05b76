using Metrics.Query.Functions;
using static Metrics.Query.Tests.Functions.KernelTestData;

namespace Metrics.Query.Tests.Functions;

/// <summary>Classic-bucket histogram_quantile and histogram_fraction against Prometheus's histograms.test.</summary>
public class HistogramQuantileTests
{
    private const double Inf = double.PositiveInfinity;

    // testhistogram at 50m (0+5x10 etc. evaluated at the 10th step).
    private static ClassicBucket[] Positive() => [new(0.1, 50), new(0.2, 70), new(1, 110), new(Inf, 120)];

    private static ClassicBucket[] Negative() => [new(-0.2, 10), new(-0.1, 20), new(0.3, 20), new(Inf, 30)];

    // testhistogram3 at 50m, deliberately out of order: the kernel sorts.
    private static ClassicBucket[] Positive3() => [new(Inf, 110), new(0.1, 50), new(0, 0), new(1, 110), new(0.2, 70)];

    private static ClassicBucket[] Negative3() => [new(-0.25, 0), new(-0.2, 10), new(-0.1, 20), new(0.3, 20), new(Inf, 20)];

    private static double Q(double q, ClassicBucket[] buckets) => HistogramQuantile.BucketQuantile(q, buckets).Value;

    [Theory]
    [InlineData(0, 0, -0.2)]
    [InlineData(1, 1, 0.3)]
    [InlineData(0.2, 0.048, -0.2)]
    [InlineData(0.5, 0.15, -0.15)]
    [InlineData(0.8, 0.72, 0.3)]
    [InlineData(-0.1, double.NegativeInfinity, double.NegativeInfinity)]
    [InlineData(1.01, Inf, Inf)]
    [InlineData(double.NaN, double.NaN, double.NaN)]
    public void Quantiles_of_testhistogram(double q, double positive, double negative)
    {
        Near(positive, Q(q, Positive()));
        Near(negative, Q(q, Negative()));
    }

    [Theory]
    [InlineData(0, 0, -0.25)]
    [InlineData(0.25, 0.055, -0.225)]
    [InlineData(0.5, 0.125, -0.2)]
    [InlineData(0.75, 0.45, -0.15)]
    [InlineData(1, 1, -0.1)]
    public void Quantiles_of_testhistogram3(double q, double positive, double negative)
    {
        Near(positive, Q(q, Positive3()));
        Near(negative, Q(q, Negative3()));
    }

    [Fact]
    public void Quantiles_in_the_middle_of_buckets_and_of_aggregated_rates()
    {
        ClassicBucket[] two() => [new(0, 0), new(2, 1), new(4, 2), new(6, 3), new(Inf, 3)];
        Assert.Equal(1.0, Q(1.0 / 6, two()));
        Assert.Equal(3.0, Q(0.5, two()));
        Assert.Equal(5.0, Q(5.0 / 6, two()));

        // sum by (le) (rate(request_duration_seconds_bucket[10m])), up to a common factor.
        ClassicBucket[] all() => [new(0.1, 10), new(0.2, 19), new(Inf, 25)];
        Near(0.075, Q(0.3, all()));
        Near(0.1277777777777778, Q(0.5, all()));
        Near(0.1333333333, Q(0.5, [new(0.1, 4), new(0.2, 7), new(Inf, 10)]));
        Near(0.0642857142857143, Q(0.3, [new(0.1, 7), new(0.2, 11), new(Inf, 15)]));
    }

    [Fact]
    public void Non_monotonic_counts_are_repaired_and_reported()
    {
        ClassicBucket[] buckets() => [new(0.1, 20), new(1, 10), new(10, 50), new(100, 40), new(1000, 90), new(Inf, 80)];
        Near(0.0045, Q(0.01, buckets()));
        Near(8.5, Q(0.5, buckets()));
        Near(979.75, Q(0.99, buckets()));

        BucketQuantileResult result = HistogramQuantile.BucketQuantile(0.5, buckets());
        Assert.True(result.ForcedMonotonicity);
        Assert.False(result.FixedPrecision);
        Assert.Equal(1.0, result.MinBucket);
        Assert.Equal(Inf, result.MaxBucket);
        Assert.Equal(10.0, result.MaxDiff);
    }

    [Fact]
    public void Tiny_relative_differences_are_ignored_silently()
    {
        BucketQuantileResult result = HistogramQuantile.BucketQuantile(0.5,
            [new(1, 100), new(2, 100.00000000000001), new(3, 99.99999999999999), new(Inf, 200)]);
        Assert.True(result.FixedPrecision);
        Assert.False(result.ForcedMonotonicity);
        // After flattening the counts read 100, 100, 100, 200: rank 100 is reached at le=1.
        Assert.Equal(1.0, result.Value);
    }

    [Fact]
    public void Equal_bounds_are_merged_and_degenerate_inputs_give_nan()
    {
        // le="0.2", le="2e-1" and le="2.0e-1" are one bucket.
        ClassicBucket[] mixed() => [new(0.1, 1), new(0.2, 1), new(0.2, 1), new(0.2, 1), new(Inf, 4)];
        Near(0.15, Q(0.5, mixed()));
        Near(0.2, Q(0.75, mixed()));
        Near(0.2, Q(1, mixed()));

        Assert.True(double.IsNaN(Q(0.5, [new(Inf, 0), new(Inf, 0)])));
        Assert.True(double.IsNaN(Q(0.2, [new(0.1, 0), new(0.2, 0), new(Inf, 0)])));
        Assert.True(double.IsNaN(Q(0.5, [new(0.1, 1), new(0.2, 2)]))); // No +Inf bucket.
        Assert.True(double.IsNaN(Q(0.5, [])));
    }

    [Fact]
    public void Lowest_bucket_interpolates_from_zero_only_for_positive_bounds()
    {
        Assert.Equal(-1.0, Q(0.1, [new(-1, 5), new(0, 10), new(Inf, 10)]));
        Assert.Equal(0.5, Q(0.25, [new(1, 10), new(2, 20), new(Inf, 20)]));
        // Rank in the +Inf bucket returns the second highest bound.
        Assert.Equal(2.0, Q(0.99, [new(1, 10), new(2, 20), new(Inf, 40)]));
    }

    [Fact]
    public void Many_buckets_in_any_order_give_the_same_answer()
    {
        var sorted = new ClassicBucket[101];
        for (int i = 0; i < 100; i++)
        {
            sorted[i] = new ClassicBucket(i + 1, i * 2 + 1);
        }
        sorted[100] = new ClassicBucket(Inf, 250);
        ClassicBucket[] shuffled = [.. sorted];
        new Random(7).Shuffle(shuffled);

        Assert.Equal(Q(0.37, [.. sorted]), Q(0.37, shuffled));
        Assert.Equal(HistogramQuantile.BucketFraction(3.5, 60.25, [.. sorted]), HistogramQuantile.BucketFraction(3.5, 60.25, [.. shuffled]));
    }

    [Theory]
    [InlineData(0, 4, 0.6666666666666666)]
    [InlineData(0, 6, 1)]
    [InlineData(0, 3.5, 0.5833333333333334)]
    public void Fraction_of_testhistogram2(double lower, double upper, double expected)
        => Near(expected, HistogramQuantile.BucketFraction(lower, upper, [new(0, 0), new(2, 10), new(4, 20), new(6, 30), new(Inf, 30)]));

    [Fact]
    public void Fraction_of_testhistogram3()
    {
        Near(0.6363636363636364, HistogramQuantile.BucketFraction(0, 0.2, Positive3()));
        Near(0, HistogramQuantile.BucketFraction(0, 0.2, Negative3()));
    }

    private static ClassicBucket[] PositiveSteps() => [new(1, 1), new(2, 3), new(3, 6), new(Inf, 100)];

    private static ClassicBucket[] NegativeSteps() => [new(-3, 10), new(-2, 12), new(-1, 15), new(Inf, 100)];

    [Theory]
    [InlineData(0, 1.5, 0.02)]
    [InlineData(double.NegativeInfinity, Inf, 1)]
    [InlineData(4, 5, 0)]
    [InlineData(2, 5, 0.03)]
    [InlineData(400, Inf, 0.94)]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 0)]
    [InlineData(2, 3.5, 0.03)]
    [InlineData(0.5, 2, 0.025)]
    [InlineData(1, 3, 0.05)]
    [InlineData(double.NaN, 1, double.NaN)]
    [InlineData(0, double.NaN, double.NaN)]
    public void Fraction_over_positive_buckets(double lower, double upper, double expected)
        => Near(expected, HistogramQuantile.BucketFraction(lower, upper, PositiveSteps()));

    [Theory]
    [InlineData(-4, -2, 0.02)]
    [InlineData(double.NegativeInfinity, -1.5, 0.135)]
    [InlineData(double.NegativeInfinity, Inf, 1)]
    [InlineData(0, 1, 0)]
    public void Fraction_over_negative_buckets(double lower, double upper, double expected)
        => Near(expected, HistogramQuantile.BucketFraction(lower, upper, NegativeSteps()));

    [Fact]
    public void Fraction_edge_cases()
    {
        Near(0, HistogramQuantile.BucketFraction(0, 1, [new(Inf, 100)]));
        Near(double.NaN, HistogramQuantile.BucketFraction(0, 5, [new(1, 0), new(2, 0), new(3, 0), new(Inf, 0)]));
        Near(0.045, HistogramQuantile.BucketFraction(0.1, 0.75, [new(0.5, 2.5), new(1, 7.5), new(Inf, 100)]));
        Near(0.1, HistogramQuantile.BucketFraction(-1, 1, [new(-2, 5), new(-1, 10), new(0, 15), new(1, 20), new(Inf, 100)]));
        Near(0, HistogramQuantile.BucketFraction(-10, -5, [new(1, 1), new(2, 3), new(Inf, 10)]));
        Near(0, HistogramQuantile.BucketFraction(5, 10, [new(1, 1), new(2, 3), new(Inf, 10)]));
        Near(double.NaN, HistogramQuantile.BucketFraction(0, 1, [new(1, 1), new(2, 3)]));
        Near(double.NaN, HistogramQuantile.BucketFraction(0, 1, []));
    }
}
