using System.Globalization;
using System.Text;
using Metrics.Query.Parser;

namespace Metrics.Alerting.Templating;

/// <summary>
/// Go's <c>fmt.Sprintf</c> for the verbs rule templates use (<c>%v %s %d %f %e %g %q %x %t %%</c>) with
/// flags, width and precision, including Go's in-band errors such as <c>%!d(float64=1.5)</c>.
/// </summary>
public static class GoPrintf
{
    public static string Format(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        int argIndex = 0;
        int i = 0;
        while (i < format.Length)
        {
            char c = format[i++];
            if (c != '%') { sb.Append(c); continue; }
            if (i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            bool minus = false, plus = false, space = false, zero = false, sharp = false;
            for (; i < format.Length; i++)
            {
                char f = format[i];
                if (f == '-') minus = true;
                else if (f == '+') plus = true;
                else if (f == ' ') space = true;
                else if (f == '0') zero = !minus;
                else if (f == '#') sharp = true;
                else break;
            }
            int width = ReadNumber(format, ref i, args, ref argIndex);
            int precision = -1;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = Math.Max(ReadNumber(format, ref i, args, ref argIndex), 0);
            }
            if (i >= format.Length) { sb.Append("%!(NOVERB)"); break; }
            char verb = format[i++];
            if (verb == '%') { sb.Append('%'); continue; }
            if (argIndex >= args.Count) { sb.Append("%!").Append(verb).Append("(MISSING)"); continue; }
            object? arg = args[argIndex++];
            string text = FormatOne(verb, arg, precision, plus, space, sharp);
            sb.Append(Pad(text, width, minus, zero && verb is not ('s' or 'q' or 'v' or 't') && !minus && IsNumber(arg)));
        }
        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            for (int a = argIndex; a < args.Count; a++)
            {
                if (a > argIndex) sb.Append(", ");
                sb.Append(GoValues.TypeName(args[a])).Append('=').Append(GoValues.Print(args[a]));
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static bool IsNumber(object? arg) => arg is double or long or int;

    private static int ReadNumber(string format, ref int i, IReadOnlyList<object?> args, ref int argIndex)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            return argIndex < args.Count && args[argIndex++] is long n ? (int)n : 0;
        }
        int start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
        return i == start ? -1 : int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture);
    }

    private static string FormatOne(char verb, object? arg, int precision, bool plus, bool space, bool sharp)
    {
        // Go formats maps and slices element by element with the same verb: %q of []string is ["a" "b"].
        if (arg is IReadOnlyDictionary<string, string> map)
        {
            return "map[" + string.Join(" ", map.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => FormatOne(verb, p.Key, precision, plus, space, sharp) + ":" + FormatOne(verb, p.Value, precision, plus, space, sharp))) + "]";
        }
        if (arg is System.Collections.IEnumerable list and not string && arg is not (ITemplateFields or IReadOnlyList<TemplateSample>))
            return "[" + string.Join(" ", list.Cast<object?>().Select(e => FormatOne(verb, e, precision, plus, space, sharp))) + "]";
        switch (verb)
        {
            case 'v':
                return arg switch
                {
                    double dv => Sign(GoFloat.Format(dv, 'g', precision), dv, plus, space),
                    long l => Sign(l.ToString(CultureInfo.InvariantCulture), l, plus, space),
                    string s when sharp => GoFormat.Quote(s),
                    null => "<nil>",
                    _ => GoValues.Print(arg),
                };
            case 's':
                return arg switch
                {
                    string s => precision >= 0 && precision < s.Length ? s[..precision] : s,
                    System.Collections.IEnumerable or ITemplateFields => GoValues.Print(arg),
                    _ => Bad(verb, arg),
                };
            case 'q':
                return arg switch
                {
                    string s => GoFormat.Quote(s),
                    long l => "'" + char.ConvertFromUtf32((int)l) + "'",
                    _ => Bad(verb, arg),
                };
            case 't':
                return arg is bool b ? (b ? "true" : "false") : Bad(verb, arg);
            case 'd':
                return arg is long n ? Sign(n.ToString(CultureInfo.InvariantCulture), n, plus, space) : Bad(verb, arg);
            case 'x' or 'X':
            {
                string hex = arg switch
                {
                    long hv => (hv < 0 ? "-" : "") + Math.Abs(hv).ToString("x", CultureInfo.InvariantCulture),
                    string s => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
                    _ => "",
                };
                if (hex.Length == 0 && arg is not string) return Bad(verb, arg);
                if (sharp) hex = hex.StartsWith('-') ? "-0x" + hex[1..] : "0x" + hex;
                return verb == 'X' ? hex.ToUpperInvariant() : hex;
            }
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                if (arg is not double d) return Bad(verb, arg);
                int p = precision >= 0 ? precision : verb is 'g' or 'G' ? -1 : 6;
                return Sign(GoFloat.Format(d, verb == 'F' ? 'f' : verb, p), d, plus, space);
            default:
                return Bad(verb, arg);
        }
    }

    /// <summary>Go's sign rules: <c>+Inf</c> keeps its sign, NaN shows one only when asked.</summary>
    private static string Sign(string text, double value, bool plus, bool space)
    {
        if (text.StartsWith('-')) return text;
        if (text.StartsWith('+')) return space && !plus ? " " + text[1..] : text;
        if (double.IsNaN(value)) return plus ? "+NaN" : space ? " NaN" : text;
        return plus ? "+" + text : space ? " " + text : text;
    }

    private static string Bad(char verb, object? arg) => arg is null
        ? $"%!{verb}(<nil>)"
        : $"%!{verb}({GoValues.TypeName(arg)}={GoValues.Print(arg)})";

    private static string Pad(string text, int width, bool left, bool zeros)
    {
        if (width <= 0 || text.Length >= width) return text;
        if (left) return text.PadRight(width);
        if (!zeros) return text.PadLeft(width);
        bool signed = text.Length > 0 && text[0] is '-' or '+' or ' ';
        return signed ? text[0] + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0');
    }
}
