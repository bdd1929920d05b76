using System.Runtime.CompilerServices;
using Metrics.Store.Samples;

namespace Metrics.Store.Chunks;

/// <summary>Finds the fewest decimal digits k such that every value is exactly m / 10^k for an integer m.</summary>
/// <remarks>
/// Scraped values are usually parsed from short decimals ("507.586162", "1523"), and the double
/// nearest to such a decimal comes back bit for bit from m / 10^k because 10^k (k &lt;= 15) and
/// m (|m| &lt;= 2^53) are exact doubles and IEEE division rounds correctly. Every candidate is
/// still verified bitwise, so NaN, infinities and -0.0 simply make the search fail.
/// </remarks>
internal static class DecimalScale
{
    public const int MaxDigits = 15;

    private const double MaxExactInteger = 9007199254740992d; // 2^53

    private static readonly double[] s_pow10 =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Fills <paramref name="mantissas"/> and returns true when some k &lt;= <paramref name="maxDigits"/> works.</summary>
    public static bool TryFind(ReadOnlySpan<Sample> samples, int maxDigits, Span<long> mantissas, out int digits)
    {
        for (digits = 0; digits <= maxDigits; digits++)
        {
            if (TryScale(samples, digits, mantissas))
            {
                return true;
            }
        }
        digits = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(long mantissa, int digits) => digits == 0 ? mantissa : mantissa / s_pow10[digits];

    private static bool TryScale(ReadOnlySpan<Sample> samples, int digits, Span<long> mantissas)
    {
        double scale = s_pow10[digits];
        for (int i = 0; i < samples.Length; i++)
        {
            double value = samples[i].Value;
            double scaled = Math.Round(value * scale);
            if (!(Math.Abs(scaled) <= MaxExactInteger))
            {
                return false; // also rejects NaN
            }
            long mantissa = (long)scaled;
            if (BitConverter.DoubleToUInt64Bits(ToDouble(mantissa, digits)) != BitConverter.DoubleToUInt64Bits(value))
            {
                return false;
            }
            mantissas[i] = mantissa;
        }
        return true;
    }
}
