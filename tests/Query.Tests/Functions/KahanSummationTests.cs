using Metrics.Query.Functions;

namespace Metrics.Query.Tests.Functions;

/// <summary>The compensated summation step shared by the kernels, against Prometheus's util/kahansum semantics.</summary>
public class KahanSummationTests
{
    [Fact]
    public void Inc_keeps_the_low_bits_that_plain_addition_loses()
    {
        double c = 0;
        double sum = KahanSummation.Inc(1e100, 1, ref c);
        sum = KahanSummation.Inc(1, sum, ref c);
        sum = KahanSummation.Inc(-1e100, sum, ref c);
        Assert.Equal(0.0, sum);
        Assert.Equal(2.0, sum + c);
    }

    [Fact]
    public void Inc_resets_the_compensation_when_the_sum_overflows()
    {
        double c = 5;
        double sum = KahanSummation.Inc(double.MaxValue, double.MaxValue, ref c);
        Assert.Equal(double.PositiveInfinity, sum);
        Assert.Equal(0.0, c);
    }

    [Fact]
    public void Dec_mirrors_inc()
    {
        double c = 0;
        double sum = KahanSummation.Dec(-1e100, 1, ref c);
        sum = KahanSummation.Dec(-1, sum, ref c);
        sum = KahanSummation.Dec(1e100, sum, ref c);
        Assert.Equal(2.0, sum + c);

        double c2 = 3;
        Assert.Equal(double.NegativeInfinity, KahanSummation.Dec(double.MaxValue, -double.MaxValue, ref c2));
        Assert.Equal(0.0, c2);
    }
}
