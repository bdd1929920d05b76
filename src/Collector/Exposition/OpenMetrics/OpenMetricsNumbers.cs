using System.Text;

namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>Parses OpenMetrics sample values and float-seconds timestamps.</summary>
internal static class OpenMetricsNumbers
{
    // Beyond this the digits can only overflow (positive) or truncate to zero (negative); clamping keeps a
    // hostile "1e999999999" from looping for long.
    private const int ExponentLimit = 400;

    /// <summary>Parses a value as Prometheus does: the text format's grammar plus Go's <c>[+-]Infinity</c>.</summary>
    public static bool TryParseValue(ReadOnlySpan<byte> token, out double value)
    {
        // Most values are small integers (counters, buckets, counts). Up to 15 digits they are exact in a
        // double, so converting through a long gives the same bits as full float parsing, several times faster.
        if ((uint)(token.Length - 1) < 15)
        {
            long n = 0;
            int i = 0;
            for (; i < token.Length && ExpositionSyntax.IsDigit(token[i]); i++) n = n * 10 + (token[i] - '0');
            if (i == token.Length)
            {
                value = n;
                return true;
            }
        }
        if (ValueParser.TryParseValue(token, out value)) return true;
        return TryParseInfinity(token, out value);
    }

    // Go's strconv.ParseFloat, which Prometheus's OpenMetrics parser uses, also spells infinity out.
    private static bool TryParseInfinity(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        bool negative = !token.IsEmpty && token[0] == (byte)'-';
        ReadOnlySpan<byte> unsigned = !token.IsEmpty && token[0] is (byte)'+' or (byte)'-' ? token[1..] : token;
        if (!Ascii.EqualsIgnoreCase(unsigned, "infinity"u8)) return false;
        value = negative ? double.NegativeInfinity : double.PositiveInfinity;
        return true;
    }

    /// <summary>
    /// Converts a timestamp in seconds (<c>[+-]digits[.digits][e[+-]digits]</c>) to whole milliseconds,
    /// truncating toward zero as Go's <c>int64(ts * 1000)</c> does.
    /// </summary>
    /// <remarks>
    /// The digits are shifted by three decimal places instead of going through a double, so every timestamp
    /// written with millisecond precision converts exactly: "1.005" is 1005 ms, where <c>1.005 * 1000</c>
    /// in binary floating point is 1004.99... and would truncate to 1004. NaN, infinities and results
    /// outside <see cref="long"/> are rejected.
    /// </remarks>
    public static bool TryParseTimestampMs(ReadOnlySpan<byte> token, out long milliseconds)
    {
        milliseconds = 0;
        int i = 0;
        bool negative = false;
        if (!token.IsEmpty && token[0] is (byte)'+' or (byte)'-')
        {
            negative = token[0] == (byte)'-';
            i = 1;
        }
        int intStart = i;
        while (i < token.Length && ExpositionSyntax.IsDigit(token[i])) i++;
        int intLength = i - intStart;
        int fracStart = i, fracLength = 0;
        if (i < token.Length && token[i] == (byte)'.')
        {
            fracStart = ++i;
            while (i < token.Length && ExpositionSyntax.IsDigit(token[i])) i++;
            fracLength = i - fracStart;
        }
        if (intLength + fracLength == 0) return false;

        int exponent = 0;
        if (i < token.Length && (token[i] | 0x20) == (byte)'e')
        {
            i++;
            bool negativeExponent = i < token.Length && token[i] == (byte)'-';
            if (i < token.Length && token[i] is (byte)'+' or (byte)'-') i++;
            int expStart = i;
            while (i < token.Length && ExpositionSyntax.IsDigit(token[i]))
            {
                exponent = Math.Min(exponent * 10 + (token[i] - '0'), ExponentLimit);
                i++;
            }
            if (i == expStart) return false;
            if (negativeExponent) exponent = -exponent;
        }
        if (i != token.Length) return false;

        // The integer milliseconds are the first `wholeDigits` digits of int+frac, padded with zeros;
        // the digits after them are sub-millisecond and truncated.
        int wholeDigits = intLength + exponent + 3;
        ulong limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        ulong acc = 0;
        for (int k = 0; k < wholeDigits; k++)
        {
            int digit = k < intLength ? token[intStart + k] - '0'
                : k - intLength < fracLength ? token[fracStart + k - intLength] - '0'
                : 0;
            if (acc > (limit - (ulong)digit) / 10) return false;
            acc = acc * 10 + (ulong)digit;
        }
        milliseconds = negative ? (long)(0 - acc) : (long)acc;
        return true;
    }
}
