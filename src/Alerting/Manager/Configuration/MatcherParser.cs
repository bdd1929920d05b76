using System.Text;
using System.Text.RegularExpressions;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>
/// Alertmanager's matcher strings (<c>team="a b"</c>, <c>{env=~"prod|stage",sev!=info}</c>): the syntax of
/// <c>matchers:</c> in alertmanager.yml, silences and amtool's arguments, with its quoting and escapes.
/// </summary>
public static partial class MatcherParser
{
    [GeneratedRegex(@"^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MatcherPattern();

    /// <summary>Parses a comma-separated list, optionally wrapped in braces; commas inside quotes belong to the value.</summary>
    public static List<LabelMatcher> ParseList(string text)
    {
        string s = text;
        if (s.StartsWith('{')) s = s[1..];
        if (s.EndsWith('}')) s = s[..^1];
        var tokens = new List<string>();
        var token = new StringBuilder();
        bool insideQuotes = false, escaped = false;
        foreach (char c in s)
        {
            switch (c)
            {
                case ',' when !insideQuotes:
                    tokens.Add(token.ToString());
                    token.Clear();
                    continue;
                case '"':
                    if (!escaped) insideQuotes = !insideQuotes;
                    else escaped = false;
                    break;
                case '\\':
                    escaped = !escaped;
                    break;
                default:
                    escaped = false;
                    break;
            }
            token.Append(c);
        }
        string last = token.ToString().Trim();
        if (last.Length > 0) tokens.Add(last);
        var result = new List<LabelMatcher>(tokens.Count);
        foreach (string t in tokens) result.Add(Parse(t));
        return result;
    }

    /// <summary>Parses one matcher; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static LabelMatcher Parse(string text)
    {
        Match m = MatcherPattern().Match(text);
        if (!m.Success) throw new FormatException($"bad matcher format: {text}");
        string raw = m.Groups[3].Value;
        bool expectTrailingQuote = false;
        if (raw.StartsWith('"'))
        {
            raw = raw[1..];
            expectTrailingQuote = true;
        }
        var value = new StringBuilder(raw.Length);
        bool escaped = false;
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            if (escaped)
            {
                escaped = false;
                switch (c)
                {
                    case 'n': value.Append('\n'); break;
                    case '"' or '\\': value.Append(c); break;
                    default: value.Append('\\').Append(c); break;   // a spurious escape stays literal
                }
                continue;
            }
            switch (c)
            {
                case '\\' when i < raw.Length - 1:
                    escaped = true;
                    break;
                case '\\':
                    value.Append('\\');
                    break;
                case '"':
                    if (!expectTrailingQuote || i < raw.Length - 1)
                        throw new FormatException($"matcher value contains unescaped double quote: {m.Groups[3].Value}");
                    expectTrailingQuote = false;
                    break;
                default:
                    value.Append(c);
                    break;
            }
        }
        if (expectTrailingQuote) throw new FormatException($"matcher value contains unescaped double quote: {m.Groups[3].Value}");
        MatcherType type = m.Groups[2].Value switch
        {
            "=" => MatcherType.Equal,
            "!=" => MatcherType.NotEqual,
            "=~" => MatcherType.Regex,
            _ => MatcherType.NotRegex,
        };
        try
        {
            return AlertmanagerMatcher.Create(type, m.Groups[1].Value, value.ToString());
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>Alertmanager's text form of a matcher, used in route keys: <c>name="value"</c>.</summary>
    public static string Format(LabelMatcher matcher)
    {
        string op = matcher.Type switch
        {
            MatcherType.Equal => "=",
            MatcherType.NotEqual => "!=",
            MatcherType.Regex => "=~",
            _ => "!~",
        };
        return $"{matcher.Name}{op}\"{Escape(matcher.Value)}\"";
    }

    private static string Escape(string value)
        => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
