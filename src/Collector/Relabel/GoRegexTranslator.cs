using System.Globalization;
using System.Text;

namespace Metrics.Collector.Relabel;

/// <summary>
/// Rewrites a Go (RE2) regular expression into a .NET pattern with the same meaning, for the
/// constructs where the two dialects disagree silently rather than with an error.
/// </summary>
/// <remarks>
/// What changes and why:
/// <list type="bullet">
/// <item><c>$</c> outside multi-line mode is end of text in Go but "end or before a final
/// newline" in .NET, so it becomes <c>\z</c>.</item>
/// <item><c>\d \w \s</c> (and negations) are ASCII in Go but Unicode in .NET, so they become
/// explicit ASCII classes; <c>[[:alpha:]]</c> POSIX classes, <c>\pL</c>, <c>\Q…\E</c> and
/// <c>\x{…}</c> have no .NET spelling and are expanded.</item>
/// <item>Named groups <c>(?P&lt;n&gt;…)</c> and <c>(?&lt;n&gt;…)</c> become plain groups and
/// their names are returned: .NET numbers named groups after all unnamed ones, Go numbers
/// every group left to right, and <c>$1</c> must mean what it means in Prometheus.</item>
/// <item><c>[</c> inside a class is escaped, because <c>[a-z-[aeiou]]</c> is a class
/// subtraction in .NET but a plain class plus a literal <c>]</c> in Go.</item>
/// </list>
/// Not translated (documented gaps): <c>\b</c>/<c>\B</c> use .NET's Unicode word characters;
/// <c>\D \W \S</c> inside a bracket class keep .NET's Unicode meaning; <c>.</c> matches one
/// UTF-16 code unit rather than one code point. Constructs Go rejects but .NET accepts (for
/// example <c>\Z</c> or repeat counts above 1000) are accepted.
/// </remarks>
internal static class GoRegexTranslator
{
    private const string AsciiDigit = "0-9";
    private const string AsciiWord = "0-9A-Za-z_";
    private const string AsciiSpace = @"\t\n\f\r ";

    /// <summary>
    /// Translates <paramref name="pattern"/>; <paramref name="groupNames"/> gets one entry per
    /// capturing group in Go's numbering (index 0 is the whole match), null where unnamed.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern uses Go syntax that has no .NET equivalent or is invalid in Go.</exception>
    public static string Translate(string pattern, out string?[] groupNames)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var names = new List<string?> { null };
        // One multi-line flag per open group: (?m) changes the current group's flag,
        // (?m:...) opens a group with its own, and ')' restores the outer one.
        var multiline = new Stack<bool>();
        bool m = false;
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(pattern, i, inClass: false, sb);
                    break;
                case '[':
                    i = TranslateClass(pattern, i, sb);
                    break;
                case '$':
                    sb.Append(m ? "$" : @"\z");
                    i++;
                    break;
                case ')':
                    if (multiline.Count > 0) m = multiline.Pop();
                    sb.Append(')');
                    i++;
                    break;
                case '(':
                    i = TranslateGroupOpen(pattern, i, sb, names, multiline, ref m);
                    break;
                default:
                    sb.Append(c);
                    i++;
                    break;
            }
        }
        groupNames = [.. names];
        return sb.ToString();
    }

    private static int TranslateGroupOpen(string p, int i, StringBuilder sb, List<string?> names, Stack<bool> multiline, ref bool m)
    {
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            multiline.Push(m);
            names.Add(null);          // a plain capturing group
            sb.Append('(');
            return i + 1;
        }
        int nameStart = -1;
        if (At(p, i + 2, "P<")) nameStart = i + 4;
        else if (At(p, i + 2, "<") && !At(p, i + 3, "=") && !At(p, i + 3, "!")) nameStart = i + 3;
        if (nameStart >= 0)
        {
            int end = p.IndexOf('>', nameStart);
            string name = end < 0 ? "" : p[nameStart..end];
            if (!IsValidCaptureName(name))
                throw new ArgumentException($"invalid named capture: `{p[i..(end < 0 ? p.Length : end + 1)]}`");
            if (names.Contains(name))
                throw new ArgumentException($"duplicate capture group name `{name}`");
            multiline.Push(m);
            names.Add(name);
            sb.Append('(');
            return end + 1;
        }

        // A flag group (?flags) or (?flags:...): only Go's flags are accepted, and 'm' is
        // tracked because it decides what '$' means.
        int j = i + 2;
        bool negate = false, newM = m;
        while (j < p.Length && p[j] is not (':' or ')'))
        {
            char f = p[j];
            if (f == '-' && !negate) negate = true;
            else if (f == 'm') newM = !negate;
            else if (f is 'i' or 's') { }
            else if (f == 'U')
                throw new ArgumentException("the ungreedy flag (?U) is not supported; use lazy quantifiers such as *? instead");
            else
                // Lookarounds, atomic groups, comments, (?'name') and .NET's n/x flags: none is RE2.
                throw new ArgumentException($"invalid or unsupported Perl syntax: `{p[i..(j + 1)]}`");
            j++;
        }
        if (j >= p.Length) throw new ArgumentException($"missing closing ): `{p[i..]}`");
        if (j == i + 2)
        {
            if (p[j] == ':') return PassThrough(i, sb, multiline, m);   // (?:...)
            throw new ArgumentException("invalid or unsupported Perl syntax: `(?)`");
        }
        sb.Append(p, i, j + 1 - i);
        // (?m) is not a group: it changes the flag until the enclosing group closes.
        // (?m:...) opens a group, so the outer value is saved for its ')'.
        if (p[j] == ':') multiline.Push(m);
        m = newM;
        return j + 1;
    }

    private static int PassThrough(int i, StringBuilder sb, Stack<bool> multiline, bool m)
    {
        multiline.Push(m);
        sb.Append("(?");
        return i + 2;
    }

    private static int TranslateClass(string p, int i, StringBuilder sb)
    {
        sb.Append('[');
        i++;
        if (i < p.Length && p[i] == '^') { sb.Append('^'); i++; }
        // A ']' first in the class is a literal in both dialects.
        if (i < p.Length && p[i] == ']') { sb.Append(@"\]"); i++; }
        while (i < p.Length)
        {
            char c = p[i];
            if (c == ']') { sb.Append(']'); return i + 1; }
            if (c == '\\') { i = TranslateEscape(p, i, inClass: true, sb); continue; }
            if (c == '[' && At(p, i + 1, ":"))
            {
                int end = p.IndexOf(":]", i + 2, StringComparison.Ordinal);
                if (end > 0)
                {
                    string name = p[(i + 2)..end];
                    sb.Append(PosixClass(name));
                    i = end + 2;
                    continue;
                }
            }
            if (c == '[') { sb.Append(@"\["); i++; continue; }   // never a .NET class subtraction
            sb.Append(c);
            i++;
        }
        return i;   // unterminated: .NET reports the missing ']'
    }

    private static int TranslateEscape(string p, int i, bool inClass, StringBuilder sb)
    {
        if (i + 1 >= p.Length) throw new ArgumentException("trailing backslash at end of expression");
        char d = p[i + 1];
        switch (d)
        {
            case 'd': sb.Append(inClass ? AsciiDigit : "[" + AsciiDigit + "]"); return i + 2;
            case 'w': sb.Append(inClass ? AsciiWord : "[" + AsciiWord + "]"); return i + 2;
            case 's': sb.Append(inClass ? AsciiSpace : "[" + AsciiSpace + "]"); return i + 2;
            case 'D' when !inClass: sb.Append("[^" + AsciiDigit + "]"); return i + 2;
            case 'W' when !inClass: sb.Append("[^" + AsciiWord + "]"); return i + 2;
            case 'S' when !inClass: sb.Append("[^" + AsciiSpace + "]"); return i + 2;
            case 'p' or 'P' when i + 2 < p.Length && p[i + 2] != '{':
                sb.Append('\\').Append(d).Append('{').Append(p[i + 2]).Append('}');
                return i + 3;
            case 'Q':
            {
                int end = p.IndexOf(@"\E", i + 2, StringComparison.Ordinal);
                int stop = end < 0 ? p.Length : end;
                for (int k = i + 2; k < stop; k++) AppendLiteral(p[k], sb);
                return end < 0 ? p.Length : end + 2;
            }
            case 'x' when At(p, i + 2, "{"):
            {
                int end = p.IndexOf('}', i + 3);
                if (end < 0 || !int.TryParse(p.AsSpan(i + 3, end - i - 3), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp)
                    || cp > 0x10FFFF || end == i + 3)
                    throw new ArgumentException($"invalid escape sequence: `{p[i..Math.Min(p.Length, end < 0 ? p.Length : end + 1)]}`");
                if (cp <= 0xFFFF) sb.Append(@"\u").Append(cp.ToString("X4", CultureInfo.InvariantCulture));
                else if (inClass) throw new ArgumentException("code points above U+FFFF are not supported inside a character class");
                else
                {
                    string pair = char.ConvertFromUtf32(cp);
                    sb.Append(@"(?:\u").Append(((int)pair[0]).ToString("X4", CultureInfo.InvariantCulture))
                      .Append(@"\u").Append(((int)pair[1]).ToString("X4", CultureInfo.InvariantCulture)).Append(')');
                }
                return end + 1;
            }
            default:
                sb.Append('\\').Append(d);
                return i + 2;
        }
    }

    private static string PosixClass(string name)
    {
        if (name.StartsWith('^'))
            throw new ArgumentException($"negated POSIX class [:{name}:] is not supported");
        return name switch
        {
            "alnum" => "0-9A-Za-z",
            "alpha" => "A-Za-z",
            "ascii" => @"\x00-\x7F",
            "blank" => @"\t ",
            "cntrl" => @"\x00-\x1F\x7F",
            "digit" => "0-9",
            "graph" => @"!-~",
            "lower" => "a-z",
            "print" => @" -~",
            "punct" => @"!-/:-@\[-`{-~",
            "space" => @"\t\n\v\f\r ",
            "upper" => "A-Z",
            "word" => AsciiWord,
            "xdigit" => "0-9A-Fa-f",
            _ => throw new ArgumentException($"invalid character class range: `[:{name}:]`"),
        };
    }

    private static void AppendLiteral(char c, StringBuilder sb)
    {
        // Escaping every ASCII punctuation character is safe in and outside classes in .NET.
        if (c < 128 && !char.IsAsciiLetterOrDigit(c) && c != '_') sb.Append('\\');
        sb.Append(c);
    }

    private static bool IsValidCaptureName(string name)
    {
        if (name.Length == 0) return false;
        foreach (char c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }

    private static bool At(string p, int index, string text)
        => index <= p.Length - text.Length && string.CompareOrdinal(p, index, text, 0, text.Length) == 0;
}
