namespace Metrics.Query.Functions;

/// <summary>The per-sample kernels of PromQL's instant-vector math functions (<c>abs</c>, <c>round</c>, <c>clamp</c>, trigonometry, calendar fields, ...) over float values.</summary>
/// <remarks>
/// Formulas follow Prometheus's Go code where its shape matters for rounding (<c>log10</c>,
/// <c>log2</c>, <c>deg</c>, <c>rad</c>, <c>round</c>) and Go's <c>math.Min</c>/<c>math.Max</c>
/// semantics where .NET's differ. Transcendental functions use .NET's <see cref="Math"/>,
/// which can differ from Go's implementations in the last bit.
/// </remarks>
public static partial class MathKernels
{
    // Go evaluates 1/Ln10 and 1/Ln2 exactly at compile time; these are those constants rounded once.
    private const double InverseLn10 = 0.43429448190325182765112891891660508229439700580366656611445378;
    private const double InverseLn2 = 1.44269504088896340735992468100189213742664595415298593413544940;

    /// <summary><c>abs(v)</c>.</summary>
    public static double Abs(double v) => Math.Abs(v);

    /// <summary><c>ceil(v)</c>.</summary>
    public static double Ceil(double v) => Math.Ceiling(v);

    /// <summary><c>floor(v)</c>.</summary>
    public static double Floor(double v) => Math.Floor(v);

    /// <summary><c>exp(v)</c>.</summary>
    public static double Exp(double v) => Math.Exp(v);

    /// <summary><c>ln(v)</c>.</summary>
    public static double Ln(double v) => Math.Log(v);

    /// <summary><c>log10(v)</c>, computed as Go does: <c>ln(v) * (1/ln 10)</c>, which can be one ulp off the correctly rounded value (e.g. for 20), exactly as in Prometheus.</summary>
    public static double Log10(double v) => Math.Log(v) * InverseLn10;

    /// <summary><c>log2(v)</c>, computed as Go does: exact for powers of two, otherwise <c>ln(frac) / ln 2 + exp</c> of the binary mantissa and exponent.</summary>
    public static double Log2(double v)
    {
        (double frac, int exp) = Frexp(v);
        if (frac == 0.5)
        {
            return exp - 1;
        }
        return Math.Log(frac) * InverseLn2 + exp;
    }

    /// <summary><c>sqrt(v)</c>.</summary>
    public static double Sqrt(double v) => Math.Sqrt(v);

    /// <summary><c>sgn(v)</c>: -1, 1, or the value itself for ±0 and NaN.</summary>
    public static double Sgn(double v) => v < 0 ? -1 : v > 0 ? 1 : v;

    /// <summary><c>round(v, toNearest)</c>: rounds to a multiple of <paramref name="toNearest"/>, ties towards +Inf.</summary>
    public static double Round(double v, double toNearest = 1)
    {
        // Prometheus multiplies by the inverse because it produces fewer representation errors
        // than dividing by toNearest (e.g. for toNearest = 0.1).
        double toNearestInverse = 1.0 / toNearest;
        return Math.Floor(v * toNearestInverse + 0.5) / toNearestInverse;
    }

    /// <summary><c>clamp(v, min, max)</c>; null (no output at all) when <paramref name="max"/> &lt; <paramref name="min"/>.</summary>
    public static double? Clamp(double v, double min, double max)
    {
        if (max < min)
        {
            return null;
        }
        return GoMax(min, GoMin(max, v));
    }

    /// <summary><c>clamp_min(v, min)</c>.</summary>
    public static double ClampMin(double v, double min) => GoMax(min, GoMin(double.PositiveInfinity, v));

    /// <summary><c>clamp_max(v, max)</c>.</summary>
    public static double ClampMax(double v, double max) => GoMax(double.NegativeInfinity, GoMin(max, v));

    /// <summary><c>min_of(a, b)</c>, i.e. Go's <c>math.Min</c>: -Inf wins over NaN, NaN over everything else, -0 below +0.</summary>
    public static double MinOf(double a, double b) => GoMin(a, b);

    /// <summary><c>max_of(a, b)</c>, i.e. Go's <c>math.Max</c>: +Inf wins over NaN, NaN over everything else, +0 above -0.</summary>
    public static double MaxOf(double a, double b) => GoMax(a, b);

    /// <summary><c>sin(v)</c>.</summary>
    public static double Sin(double v) => Math.Sin(v);

    /// <summary><c>cos(v)</c>.</summary>
    public static double Cos(double v) => Math.Cos(v);

    /// <summary><c>tan(v)</c>.</summary>
    public static double Tan(double v) => Math.Tan(v);

    /// <summary><c>asin(v)</c>.</summary>
    public static double Asin(double v) => Math.Asin(v);

    /// <summary><c>acos(v)</c>.</summary>
    public static double Acos(double v) => Math.Acos(v);

    /// <summary><c>atan(v)</c>.</summary>
    public static double Atan(double v) => Math.Atan(v);

    /// <summary><c>sinh(v)</c>.</summary>
    public static double Sinh(double v) => Math.Sinh(v);

    /// <summary><c>cosh(v)</c>.</summary>
    public static double Cosh(double v) => Math.Cosh(v);

    /// <summary><c>tanh(v)</c>.</summary>
    public static double Tanh(double v) => Math.Tanh(v);

    /// <summary><c>asinh(v)</c>.</summary>
    public static double Asinh(double v) => Math.Asinh(v);

    /// <summary><c>acosh(v)</c>.</summary>
    public static double Acosh(double v) => Math.Acosh(v);

    /// <summary><c>atanh(v)</c>.</summary>
    public static double Atanh(double v) => Math.Atanh(v);

    /// <summary><c>deg(v)</c>: radians to degrees, multiplied before dividing as Prometheus does.</summary>
    public static double Deg(double v) => v * 180 / Math.PI;

    /// <summary><c>rad(v)</c>: degrees to radians, multiplied before dividing as Prometheus does.</summary>
    public static double Rad(double v) => v * Math.PI / 180;

    // Go's math.Min. .NET's Math.Min returns NaN for (-Inf, NaN); Go checks -Inf first.
    private static double GoMin(double x, double y)
    {
        if (double.IsNegativeInfinity(x) || double.IsNegativeInfinity(y))
        {
            return double.NegativeInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x == 0 && x == y)
        {
            return double.IsNegative(x) ? x : y;
        }
        return x < y ? x : y;
    }

    // Go's math.Max, the mirror image of GoMin.
    private static double GoMax(double x, double y)
    {
        if (double.IsPositiveInfinity(x) || double.IsPositiveInfinity(y))
        {
            return double.PositiveInfinity;
        }
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.NaN;
        }
        if (x == 0 && x == y)
        {
            return double.IsNegative(x) ? y : x;
        }
        return x > y ? x : y;
    }

    // Go's math.Frexp: v = frac * 2^exp with |frac| in [0.5, 1); zero, infinities and NaN come back unchanged with exp 0.
    private static (double Frac, int Exp) Frexp(double v)
    {
        if (v == 0 || double.IsInfinity(v) || double.IsNaN(v))
        {
            return (v, 0);
        }
        int exp = Math.ILogB(v) + 1;
        return (Math.ScaleB(v, -exp), exp);
    }
}
