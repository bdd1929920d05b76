using System.Globalization;
using System.Text;

namespace Metrics.Collector.Exposition;

/// <summary>Parses sample values and timestamps exactly as Prometheus (Go) accepts them, no more.</summary>
/// <remarks>
/// .NET's number parsing is more permissive than Go's <c>strconv</c> ("Infinity", "∞", group separators,
/// surrounding white space), so the grammar is checked here byte by byte and .NET only does the
/// correctly rounded decimal-to-binary conversion of input already known to be valid.
/// </remarks>
internal static class ValueParser
{
    private const NumberStyles FloatStyle =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Go's <c>math.NaN()</c> bit pattern, so a parsed NaN is bit-identical to what Prometheus stores.</summary>
    /// <remarks>It also can never be <see cref="Metrics.Store.Samples.StaleMarker"/>: a target cannot inject staleness.</remarks>
    public static readonly double GoNaN = BitConverter.UInt64BitsToDouble(0x7FF8000000000001UL);

    /// <summary>Parses <c>[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?</c>, <c>[+-]?Inf</c> or <c>NaN</c> (any case).</summary>
    public static bool TryParseValue(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.IsEmpty) return false;

        int i = token[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        ReadOnlySpan<byte> unsigned = token[i..];
        if (Ascii.EqualsIgnoreCase(unsigned, "inf"u8))
        {
            value = token[0] == (byte)'-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        // Go's ParseFloat takes no sign on NaN.
        if (i == 0 && Ascii.EqualsIgnoreCase(unsigned, "nan"u8))
        {
            value = GoNaN;
            return true;
        }

        int digits = 0;
        while (i < token.Length && ExpositionSyntax.IsDigit(token[i])) { i++; digits++; }
        if (i < token.Length && token[i] == (byte)'.')
        {
            i++;
            while (i < token.Length && ExpositionSyntax.IsDigit(token[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < token.Length && (token[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < token.Length && token[i] is (byte)'+' or (byte)'-') i++;
            int expDigits = 0;
            while (i < token.Length && ExpositionSyntax.IsDigit(token[i])) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        if (i != token.Length) return false;

        // Go reports overflow ("1e400") as a range error rather than returning infinity; so do we.
        return double.TryParse(token, FloatStyle, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Parses an optional <c>-</c> and decimal digits that fit in an <see cref="long"/>.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> token, out long milliseconds)
    {
        milliseconds = 0;
        int i = !token.IsEmpty && token[0] == (byte)'-' ? 1 : 0;
        if (i == token.Length) return false;
        for (; i < token.Length; i++)
            if (!ExpositionSyntax.IsDigit(token[i])) return false;
        // long.TryParse does the overflow check; the loop above already excluded everything else it would accept.
        return long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out milliseconds);
    }
}
