using System.Globalization;
using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>Go's <c>strconv.Quote</c>: a double-quoted string with Go's escapes; printable Unicode stays as is.</summary>
public static class GoQuote
{
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (Rune rune in s.EnumerateRunes())
        {
            int c = rune.Value;
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                     or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                sb.Append(c < 0x10000 ? "\\u" + c.ToString("x4", CultureInfo.InvariantCulture) : "\\U" + c.ToString("x8", CultureInfo.InvariantCulture));
            else sb.Append(rune.ToString());
        }
        return sb.Append('"').ToString();
    }
}
