using System.Globalization;
using System.Text.RegularExpressions;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// Parses the value notation of <c>.test</c> files: <c>1 _ 3</c>, <c>_x3</c> (three gaps), <c>1x3</c> and
/// <c>0+10x3</c> (four values), <c>stale</c>, <c>Inf</c>/<c>NaN</c>, and <c>{{...}}</c> histogram literals,
/// which are only recognised (their fields are not interpreted until the engine has native histograms).
/// </summary>
internal static partial class ValueSequenceParser
{
    // The PromQL lexer's number forms with hexadecimal switched off (0x59 means "0 repeated 60 times").
    private const string Number = @"(?:inf|nan|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?|[0-9]+\.)";

    [GeneratedRegex("^(?<a>[+-]?" + Number + ")(?:(?<op>[+-])(?<b>" + Number + "))?(?:x(?<n>[0-9]+))?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItemPattern();

    [GeneratedRegex("^" + "[+-]?" + Number + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>Parses a whole sequence; throws <see cref="FormatException"/> with the offending item.</summary>
    public static List<SequenceValue> Parse(string text)
    {
        var values = new List<SequenceValue>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length) return values;
            int start = i;
            if (text.AsSpan(i).StartsWith("{{", StringComparison.Ordinal))
            {
                i = SkipHistogram(text, i);
                // {{H}}xN or {{H}}+{{D}}xN.
                if (i < text.Length && text[i] is '+' or '-' && text.AsSpan(i + 1).StartsWith("{{", StringComparison.Ordinal))
                    i = SkipHistogram(text, i + 1);
                int itemEnd = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                string suffix = text[itemEnd..i];
                int count = 1;
                if (suffix.Length > 0)
                {
                    if (suffix[0] != 'x' || !int.TryParse(suffix.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                        throw new FormatException($"invalid histogram repetition \"{text[start..i]}\"");
                    count = n + 1;
                }
                for (int k = 0; k < count; k++) values.Add(SequenceValue.Histogram);
                continue;
            }
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            AddItem(text[start..i], values);
        }
    }

    /// <summary>Parses a bare number as a scalar result line uses it (<c>2</c>, <c>+Inf</c>, <c>-0.2e-6</c>, <c>0x1F</c>).</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        string s = text.Trim();
        if (s.Length == 0) return false;
        if (NumberPattern().IsMatch(s))
        {
            value = ParseFloat(s);
            return true;
        }
        // Go's strconv.ParseInt with base 0 also accepts hexadecimal integers.
        string digits = s.TrimStart('+', '-');
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            long.TryParse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex))
        {
            value = s[0] == '-' ? -hex : hex;
            return true;
        }
        return false;
    }

    private static void AddItem(string item, List<SequenceValue> values)
    {
        if (item == "_")
        {
            values.Add(SequenceValue.Missing);
            return;
        }
        if (item.StartsWith("_x", StringComparison.Ordinal))
        {
            if (!int.TryParse(item.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int gaps))
                throw new FormatException($"invalid item \"{item}\"");
            for (int k = 0; k < gaps; k++) values.Add(SequenceValue.Missing);
            return;
        }
        if (item.Equals("stale", StringComparison.OrdinalIgnoreCase))
        {
            values.Add(SequenceValue.Float(StaleMarker.Value));
            return;
        }
        Match m = ItemPattern().Match(item);
        if (!m.Success || (m.Groups["op"].Success && !m.Groups["n"].Success))
            throw new FormatException($"invalid item \"{item}\"");
        double value = ParseFloat(m.Groups["a"].Value);
        if (!m.Groups["n"].Success)
        {
            values.Add(SequenceValue.Float(value));
            return;
        }
        if (!int.TryParse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int times))
            throw new FormatException($"invalid repetition in \"{item}\"");
        double delta = 0;
        if (m.Groups["op"].Success)
        {
            delta = ParseFloat(m.Groups["b"].Value);
            if (m.Groups["op"].Value == "-") delta = -delta;
        }
        // Repeated addition, as the upstream grammar does, so loaded values match bit for bit.
        for (int k = 0; k <= times; k++)
        {
            values.Add(SequenceValue.Float(value));
            value += delta;
        }
    }

    private static double ParseFloat(string s)
    {
        string body = s.TrimStart('+', '-');
        bool negative = s.StartsWith('-');
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase))
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN;
        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static int SkipHistogram(string text, int start)
    {
        int end = text.IndexOf("}}", start + 2, StringComparison.Ordinal);
        if (end < 0) throw new FormatException("unterminated histogram literal");
        return end + 2;
    }
}
