using System.Globalization;
using System.Text;

namespace Metrics.Store.Samples;

/// <summary>
/// Formats and parses floats exactly as Prometheus writes them in its HTTP API: the shortest
/// digits that round-trip, in fixed notation unless |v| &lt; 1e-6 or |v| &gt;= 1e21 (then Go's
/// <c>1e-07</c> style), and <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
/// </summary>
public static class PromFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        double abs = Math.Abs(value);
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
            return ToGoExponent(shortest);
        return shortest.Contains('E', StringComparison.Ordinal) ? ExpandExponent(shortest) : shortest;
    }

    /// <summary>Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c>: shortest digits, never an exponent (count_values labels).</summary>
    public static string FormatFixed(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        string shortest = value.ToString("R", CultureInfo.InvariantCulture);
        return shortest.Contains('E', StringComparison.Ordinal) ? ExpandExponent(shortest) : shortest;
    }

    /// <summary>Parses Prometheus float text: decimal or scientific numbers, Inf/+Inf/-Inf and NaN in any case.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        if (text.Equals("NaN", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return true; }
        if (text.Equals("Inf", StringComparison.OrdinalIgnoreCase) || text.Equals("+Inf", StringComparison.OrdinalIgnoreCase))
        { value = double.PositiveInfinity; return true; }
        if (text.Equals("-Inf", StringComparison.OrdinalIgnoreCase)) { value = double.NegativeInfinity; return true; }
        // Only digits, sign, point and exponent: .NET would also take "Infinity", "∞" and spaces.
        foreach (char c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or 'e' or 'E'))
            {
                value = 0;
                return false;
            }
        }
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value);
    }

    // .NET writes "1E-07" / "1.5E+21"; Go writes "1e-07" / "1.5e+21" (at least two exponent digits).
    private static string ToGoExponent(string dotnet)
    {
        int e = dotnet.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            // .NET chose fixed notation; rebuild through the exponent form.
            dotnet = double.Parse(dotnet, CultureInfo.InvariantCulture).ToString("E16", CultureInfo.InvariantCulture);
            dotnet = TrimMantissa(dotnet);
            e = dotnet.IndexOf('E', StringComparison.Ordinal);
        }
        string mantissa = dotnet[..e];
        char sign = dotnet[e + 1] == '-' ? '-' : '+';
        string digits = dotnet[(e + 1)..].TrimStart('+', '-').TrimStart('0');
        if (digits.Length < 2) digits = digits.PadLeft(2, '0');
        return $"{mantissa}e{sign}{digits}";
    }

    private static string TrimMantissa(string s)
    {
        int e = s.IndexOf('E', StringComparison.Ordinal);
        string m = s[..e];
        if (m.Contains('.', StringComparison.Ordinal)) m = m.TrimEnd('0').TrimEnd('.');
        return m + s[e..];
    }

    // "1.2345E+15" -> "1234500000000000"; "1E-05" -> "0.00001".
    private static string ExpandExponent(string s)
    {
        int e = s.IndexOf('E', StringComparison.Ordinal);
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string mantissa = s[..e];
        bool negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointPos = (dot < 0 ? mantissa.Length : dot) + exponent;
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPos - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPos).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        return sb.ToString();
    }
}
