using System.Globalization;
using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>
/// Splits a template into text and actions (Go's <c>{{- x -}}</c> trimming and <c>{{/* */}}</c>
/// comments included) and tokenizes each action.
/// </summary>
internal static class TemplateLexer
{
    /// <summary>A piece of the template: text, or an action's tokens with the line it starts on.</summary>
    public readonly record struct Segment(bool IsAction, string Text, List<TemplateToken> Tokens, int Line);

    public static List<Segment> Split(string name, string text)
    {
        var segments = new List<Segment>();
        int pos = 0;
        int line = 1;
        bool trimNextText = false;
        while (pos <= text.Length)
        {
            int open = text.IndexOf("{{", pos, StringComparison.Ordinal);
            string piece = open < 0 ? text[pos..] : text[pos..open];
            bool trimBefore = open >= 0 && open + 3 < text.Length && text[open + 2] == '-' && IsSpace(text[open + 3]);
            if (trimNextText) piece = piece.TrimStart(' ', '\t', '\r', '\n');
            if (trimBefore) piece = piece.TrimEnd(' ', '\t', '\r', '\n');
            if (piece.Length > 0) segments.Add(new Segment(false, piece, [], line));
            line += Count(text, pos, open < 0 ? text.Length : open);
            if (open < 0) break;
            int start = open + 2 + (trimBefore ? 2 : 0);
            int actionLine = line;
            // Comments: {{/* ... */}}, with optional trim markers.
            if (string.CompareOrdinal(text, start, "/*", 0, 2) == 0)
            {
                int close = text.IndexOf("*/", start + 2, StringComparison.Ordinal);
                if (close < 0) throw Error(name, line, "unclosed comment");
                int after = close + 2;
                bool trimAfter = false;
                if (after + 3 <= text.Length && IsSpace(text[after]) && text[after + 1] == '-' && string.CompareOrdinal(text, after + 2, "}}", 0, 2) == 0)
                {
                    trimAfter = true;
                    after += 1;
                }
                if (string.CompareOrdinal(text, after + (trimAfter ? 1 : 0), "}}", 0, 2) != 0) throw Error(name, line, "comment ends before closing delimiter");
                line += Count(text, open, after + (trimAfter ? 3 : 2));
                pos = after + (trimAfter ? 3 : 2);
                trimNextText = trimAfter;
                continue;
            }
            var (tokens, end, trimAfterAction) = Tokenize(name, text, start, ref line);
            segments.Add(new Segment(true, "", tokens, actionLine));
            pos = end;
            trimNextText = trimAfterAction;
        }
        return segments;
    }

    private static (List<TemplateToken> Tokens, int End, bool TrimAfter) Tokenize(string name, string text, int pos, ref int line)
    {
        var tokens = new List<TemplateToken>();
        bool space = false;
        int parens = 0;
        while (true)
        {
            if (pos >= text.Length) throw Error(name, line, "unclosed action");
            char c = text[pos];
            if (c == '\n') line++;
            if (IsSpace(c))
            {
                // " -}}" closes with trimming.
                if (pos + 3 < text.Length && text[pos + 1] == '-' && text[pos + 2] == '}' && text[pos + 3] == '}')
                    return (tokens, pos + 4, true);
                space = true;
                pos++;
                continue;
            }
            if (c == '}' && pos + 1 < text.Length && text[pos + 1] == '}')
            {
                if (parens > 0) throw Error(name, line, "unclosed left paren");
                return (tokens, pos + 2, false);
            }
            int start = pos;
            TemplateTokenKind kind;
            switch (c)
            {
                case '|': kind = TemplateTokenKind.Pipe; pos++; break;
                case '(': kind = TemplateTokenKind.LeftParen; pos++; parens++; break;
                case ')':
                    kind = TemplateTokenKind.RightParen; pos++;
                    if (--parens < 0) throw Error(name, line, "unexpected right paren");
                    break;
                case ',': kind = TemplateTokenKind.Comma; pos++; break;
                case ':':
                    if (pos + 1 >= text.Length || text[pos + 1] != '=') throw Error(name, line, "expected :=");
                    kind = TemplateTokenKind.Declare; pos += 2; break;
                case '=': kind = TemplateTokenKind.Assign; pos++; break;
                case '"':
                    tokens.Add(new TemplateToken(TemplateTokenKind.String, ReadQuoted(name, text, ref pos, line), space, start));
                    space = false;
                    continue;
                case '`':
                {
                    int close = text.IndexOf('`', pos + 1);
                    if (close < 0) throw Error(name, line, "unterminated raw quoted string");
                    tokens.Add(new TemplateToken(TemplateTokenKind.String, text[(pos + 1)..close], space, start));
                    line += Count(text, pos, close);
                    pos = close + 1;
                    space = false;
                    continue;
                }
                case '\'':
                {
                    string s = ReadQuoted(name, text, ref pos, line, '\'');
                    if (s.EnumerateRunes().Count() != 1) throw Error(name, line, "malformed character constant");
                    tokens.Add(new TemplateToken(TemplateTokenKind.Char, s.EnumerateRunes().First().Value.ToString(CultureInfo.InvariantCulture), space, start));
                    space = false;
                    continue;
                }
                case '$':
                    pos++;
                    while (pos < text.Length && IsIdentChar(text[pos])) pos++;
                    kind = TemplateTokenKind.Variable;
                    break;
                case '.':
                    if (pos + 1 < text.Length && char.IsDigit(text[pos + 1])) goto number;
                    pos++;
                    if (pos < text.Length && IsIdentChar(text[pos]))
                    {
                        while (pos < text.Length && IsIdentChar(text[pos])) pos++;
                        kind = TemplateTokenKind.Field;
                    }
                    else kind = TemplateTokenKind.Dot;
                    break;
                default:
                    if (char.IsDigit(c) || ((c == '-' || c == '+') && pos + 1 < text.Length && (char.IsDigit(text[pos + 1]) || text[pos + 1] == '.')))
                        goto number;
                    if (IsIdentChar(c))
                    {
                        while (pos < text.Length && IsIdentChar(text[pos])) pos++;
                        kind = TemplateTokenKind.Identifier;
                        break;
                    }
                    throw Error(name, line, $"unexpected \"{c}\" in command");
            }
            tokens.Add(new TemplateToken(kind, text[start..pos], space, start));
            space = false;
            continue;
        number:
            pos++;
            while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '.' or '_'
                || (text[pos] is '+' or '-' && text[pos - 1] is 'e' or 'E' or 'p' or 'P'))) pos++;
            tokens.Add(new TemplateToken(TemplateTokenKind.Number, text[start..pos], space, start));
            space = false;
        }
    }

    private static string ReadQuoted(string name, string text, ref int pos, int line, char quote = '"')
    {
        var sb = new StringBuilder();
        pos++;
        while (true)
        {
            if (pos >= text.Length || text[pos] == '\n') throw Error(name, line, "unterminated quoted string");
            char c = text[pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (pos >= text.Length) throw Error(name, line, "unterminated quoted string");
            char e = text[pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"': sb.Append('"'); break;
                case '\'': sb.Append('\''); break;
                case 'x': sb.Append((char)Hex(name, text, ref pos, 2, line)); break;
                case 'u': sb.Append(char.ConvertFromUtf32(Hex(name, text, ref pos, 4, line))); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(name, text, ref pos, 8, line))); break;
                case >= '0' and <= '7':
                    if (pos + 2 > text.Length) throw Error(name, line, "invalid syntax");
                    sb.Append((char)Convert.ToInt32(text.Substring(pos - 1, 3), 8));
                    pos += 2;
                    break;
                default: throw Error(name, line, "invalid syntax");
            }
        }
    }

    private static int Hex(string name, string text, ref int pos, int n, int line)
    {
        if (pos + n > text.Length || !int.TryParse(text.AsSpan(pos, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v))
            throw Error(name, line, "invalid syntax");
        pos += n;
        return v;
    }

    private static int Count(string text, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to && i < text.Length; i++) if (text[i] == '\n') n++;
        return n;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    internal static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    public static TemplateException Error(string name, int line, string problem) => new($"template: {name}:{line}: {problem}");
}
