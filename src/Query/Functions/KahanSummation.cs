namespace Metrics.Query.Functions;

/// <summary>Neumaier-compensated summation steps, bit-for-bit as Prometheus's util/kahansum package.</summary>
/// <remarks>
/// Every kernel that Prometheus sums with compensation goes through these two methods, so the
/// rounding of sums, means and regressions matches Prometheus exactly. The JIT never contracts
/// <c>a * b + c</c> into a fused multiply-add, so the arithmetic below is evaluated as written,
/// as Go does on amd64.
/// </remarks>
public static class KahanSummation
{
    /// <summary>Adds <paramref name="inc"/> to <paramref name="sum"/> and returns the new sum; <paramref name="c"/> carries the running compensation.</summary>
    public static double Inc(double inc, double sum, ref double c)
    {
        double t = sum + inc;
        if (double.IsInfinity(t))
        {
            // An infinite sum absorbs everything; a stale compensation would turn it into NaN later.
            c = 0;
        }
        else if (Math.Abs(sum) >= Math.Abs(inc))
        {
            c += (sum - t) + inc;
        }
        else
        {
            // Neumaier's improvement: the new term dominates, so it is the one whose low bits survive.
            c += (inc - t) + sum;
        }
        return t;
    }

    /// <summary>Subtracts <paramref name="dec"/> from <paramref name="sum"/> and returns the new sum; <paramref name="c"/> carries the running compensation.</summary>
    public static double Dec(double dec, double sum, ref double c)
    {
        double t = sum - dec;
        if (double.IsInfinity(t))
        {
            c = 0;
        }
        else if (Math.Abs(sum) >= Math.Abs(dec))
        {
            c += (sum - t) - dec;
        }
        else
        {
            c += (-dec - t) + sum;
        }
        return t;
    }
}
