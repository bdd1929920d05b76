using System.Globalization;
using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>
/// Go's <c>strconv.FormatFloat</c> for the verbs templates use (<c>%e %f %g %v</c>), digit for digit:
/// fixed precisions round the exact binary value half to even, as Go's decimal conversion does,
/// so <c>printf "%.2f" 0.125</c> gives <c>0.12</c> here as in Prometheus.
/// </summary>
public static class GoFloat
{
    /// <summary>Go's <c>%v</c> of a float64: shortest digits, in exponent form below 1e-4 or from 1e6 on.</summary>
    public static string General(double value) => Format(value, 'g', -1);

    /// <summary>Formats like <c>strconv.FormatFloat(v, fmt, prec, 64)</c>; <paramref name="precision"/> -1 means shortest.</summary>
    public static string Format(double value, char verb, int precision)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "+Inf";
        if (double.IsNegativeInfinity(value)) return "-Inf";
        bool negative = double.IsNegative(value);
        var (digits, pointAt) = Digits(Math.Abs(value), verb, precision);
        var sb = new StringBuilder();
        if (negative) sb.Append('-');
        bool shortest = precision < 0;
        switch (verb)
        {
            case 'e' or 'E':
                AppendE(sb, digits, pointAt, shortest ? digits.Length - 1 : precision, verb);
                break;
            case 'f' or 'F':
                AppendF(sb, digits, pointAt, shortest ? Math.Max(digits.Length - pointAt, 0) : precision);
                break;
            default:
            {
                int eprec = precision;
                if (eprec > digits.Length && digits.Length >= pointAt) eprec = digits.Length;
                if (shortest) eprec = 6;
                int exp = pointAt - 1;
                if (exp < -4 || exp >= eprec)
                {
                    int p = shortest || precision > digits.Length ? digits.Length : precision;
                    AppendE(sb, digits, pointAt, p - 1, verb == 'G' ? 'E' : 'e');
                }
                else
                {
                    int p = shortest || precision > pointAt ? digits.Length : precision;
                    AppendF(sb, digits, pointAt, Math.Max(p - pointAt, 0));
                }
                break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The significant digits (no trailing zeros; "0" for zero) and the position of the decimal
    /// point relative to them, rounded as the verb and precision ask.
    /// </summary>
    private static (string Digits, int PointAt) Digits(double abs, char verb, int precision)
    {
        if (abs == 0) return ("0", 1);
        if (precision < 0)
        {
            // "R" is the shortest string that round-trips, the same digits Go's shortest mode picks.
            return Split(abs.ToString("R", CultureInfo.InvariantCulture));
        }
        // The exact decimal expansion (a double never needs more than 767 significant digits).
        var (exact, pointAt) = Split(abs.ToString("E770", CultureInfo.InvariantCulture));
        int keep = verb switch
        {
            'e' or 'E' => precision + 1,
            'f' or 'F' => pointAt + precision,
            _ => Math.Max(precision, 1),
        };
        return RoundHalfEven(exact, pointAt, keep);
    }

    private static (string Digits, int PointAt) RoundHalfEven(string exact, int pointAt, int keep)
    {
        if (keep >= exact.Length) return (exact, pointAt);
        if (keep < 0) return ("0", 1);
        bool up;
        char next = exact[keep];
        if (next > '5') up = true;
        else if (next < '5') up = false;
        else
        {
            bool beyond = false;
            for (int i = keep + 1; i < exact.Length; i++)
                if (exact[i] != '0') { beyond = true; break; }
            up = beyond || (keep > 0 && (exact[keep - 1] - '0') % 2 == 1);
        }
        char[] kept = exact[..keep].ToCharArray();
        if (up)
        {
            int i = keep - 1;
            while (i >= 0 && kept[i] == '9') { kept[i] = '0'; i--; }
            if (i < 0)
            {
                string carried = "1" + new string(kept);
                return (carried.TrimEnd('0'), pointAt + 1);
            }
            kept[i]++;
        }
        string s = new string(kept).TrimEnd('0');
        return s.Length == 0 ? ("0", 1) : (s, pointAt);
    }

    /// <summary>Splits a .NET "R" or "E" string into trimmed digits and a decimal point position.</summary>
    private static (string Digits, int PointAt) Split(string text)
    {
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? text : text.Remove(dot, 1);
        int pointAt = (dot < 0 ? text.Length : dot) + exponent;
        int leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0) return ("0", 1);
        return (digits, pointAt - leading);
    }

    private static void AppendE(StringBuilder sb, string digits, int pointAt, int fraction, char e)
    {
        sb.Append(digits[0]);
        if (fraction > 0)
        {
            sb.Append('.');
            for (int i = 1; i <= fraction; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        int exp = digits == "0" ? 0 : pointAt - 1;
        sb.Append(e).Append(exp < 0 ? '-' : '+');
        sb.Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
    }

    private static void AppendF(StringBuilder sb, string digits, int pointAt, int fraction)
    {
        if (pointAt <= 0) sb.Append('0');
        else
            for (int i = 0; i < pointAt; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        if (fraction <= 0) return;
        sb.Append('.');
        for (int i = 0; i < fraction; i++)
        {
            int index = pointAt + i;
            sb.Append(index >= 0 && index < digits.Length ? digits[index] : '0');
        }
    }
}
