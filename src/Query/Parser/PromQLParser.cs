using System.Globalization;
using Metrics.Query.Ast;
using Metrics.Store.Labels;
using Metrics.Store.Time;

namespace Metrics.Query.Parser;

/// <summary>
/// A recursive-descent PromQL parser. This first version knows selectors (with matchers, range
/// and offset) and literals; operators, functions and aggregations come with the PromQL engine.
/// </summary>
public sealed class PromQLParser
{
    private readonly string _query;
    private readonly List<Token> _tokens;
    private int _index;

    private PromQLParser(string query)
    {
        _query = query;
        _tokens = Lexer.Tokenize(query);
    }

    public static Expr Parse(string query)
    {
        var parser = new PromQLParser(query);
        if (parser.Current.Kind == TokenKind.Eof) throw parser.Error(parser.Current, "no expression found in input");
        Expr expr = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.Eof)
            throw parser.Error(parser.Current, $"unexpected {Describe(parser.Current)}; this build evaluates selectors and literals only");
        return expr;
    }

    /// <summary>Parses a series selector alone, as <c>match[]</c> parameters use it.</summary>
    public static VectorSelector ParseSelector(string text)
    {
        Expr expr = Parse(text);
        return expr as VectorSelector
            ?? throw new ParseException(text, 0, "expected a series selector, got " + expr.Type.ToString().ToLowerInvariant());
    }

    private Token Current => _tokens[_index];

    private Token Advance() => _tokens[_index++];

    private Expr ParseExpression()
    {
        Token t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(ParseNumber(t));
            case TokenKind.Add or TokenKind.Sub when _tokens[_index + 1].Kind == TokenKind.Number:
                Advance();
                double n = ParseNumber(Advance());
                return new NumberLiteral(t.Kind == TokenKind.Sub ? -n : n);
            case TokenKind.String:
                Advance();
                return new StringLiteral(t.Text);
            case TokenKind.Identifier or TokenKind.MetricIdentifier or TokenKind.LeftBrace:
                return ParseSelectorWithSuffixes();
            default:
                throw Error(t, $"unexpected {Describe(t)}");
        }
    }

    private Expr ParseSelectorWithSuffixes()
    {
        VectorSelector selector = ParseVectorSelector();
        long? range = null;
        if (Current.Kind == TokenKind.LeftBracket)
        {
            Advance();
            Token d = Expect(TokenKind.Duration, "a duration in the range selector");
            range = ParseDuration(d);
            if (range <= 0) throw Error(d, "duration must be greater than 0");
            Expect(TokenKind.RightBracket, "\"]\"");
        }
        if (Current is { Kind: TokenKind.Identifier, Text: "offset" })
        {
            Advance();
            bool negative = false;
            if (Current.Kind == TokenKind.Sub) { Advance(); negative = true; }
            Token d = Expect(TokenKind.Duration, "a duration after offset");
            long offset = ParseDuration(d);
            selector = selector with { OffsetMs = negative ? -offset : offset };
        }
        return range is { } r ? new MatrixSelector(selector, r) : selector;
    }

    private VectorSelector ParseVectorSelector()
    {
        Token start = Current;
        string? name = null;
        var matchers = new List<LabelMatcher>();
        if (Current.Kind is TokenKind.Identifier or TokenKind.MetricIdentifier)
        {
            name = Advance().Text;
            matchers.Add(LabelMatcher.Equal(LabelNames.MetricName, name));
        }
        if (Current.Kind == TokenKind.LeftBrace)
        {
            Advance();
            while (Current.Kind != TokenKind.RightBrace)
            {
                Token labelToken = Current;
                if (labelToken.Kind is not (TokenKind.Identifier or TokenKind.String))
                    throw Error(labelToken, $"unexpected {Describe(labelToken)} in label matching, expected label name");
                Advance();
                if (labelToken.Kind == TokenKind.Identifier && !LabelNames.IsValidLabelName(labelToken.Text))
                    throw Error(labelToken, $"invalid label name \"{labelToken.Text}\"");
                Token op = Advance();
                MatcherType type = op.Kind switch
                {
                    TokenKind.Assign => MatcherType.Equal,
                    TokenKind.NotEqual => MatcherType.NotEqual,
                    TokenKind.RegexMatch => MatcherType.Regex,
                    TokenKind.RegexNoMatch => MatcherType.NotRegex,
                    _ => throw Error(op, $"unexpected {Describe(op)} in label matching, expected one of \"=\", \"!=\", \"=~\" or \"!~\""),
                };
                Token value = Expect(TokenKind.String, "a quoted label value");
                if (labelToken.Text == LabelNames.MetricName && name is not null)
                    throw Error(labelToken, $"metric name must not be set twice: \"{name}\" or \"{value.Text}\"");
                try
                {
                    matchers.Add(new LabelMatcher(type, labelToken.Text, value.Text));
                }
                catch (ArgumentException e)
                {
                    throw Error(value, e.Message);
                }
                if (Current.Kind == TokenKind.Comma) Advance();
                else if (Current.Kind != TokenKind.RightBrace)
                    throw Error(Current, $"unexpected {Describe(Current)} in label matching, expected \",\" or \"}}\"");
            }
            Advance();
        }
        // Prometheus refuses selectors that would match every series, such as {} or {a=~".*"}.
        if (!matchers.Exists(m => !m.MatchesEmpty))
            throw Error(start, "vector selector must contain at least one non-empty matcher");
        return new VectorSelector(name, matchers, 0);
    }

    private Token Expect(TokenKind kind, string what)
    {
        Token t = Current;
        if (t.Kind != kind) throw Error(t, $"unexpected {Describe(t)}, expected {what}");
        return Advance();
    }

    private long ParseDuration(Token t)
    {
        if (!PromDuration.TryParseMilliseconds(t.Text, out long ms)) throw Error(t, $"bad duration syntax: \"{t.Text}\"");
        return ms;
    }

    private double ParseNumber(Token t)
    {
        string text = t.Text;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) &&
            long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex))
            return hex;
        if (Store.Samples.PromFloat.TryParse(text, out double v)) return v;
        throw Error(t, $"bad number syntax: \"{text}\"");
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.Eof => "end of input",
        TokenKind.String => $"string \"{t.Text}\"",
        TokenKind.Identifier or TokenKind.MetricIdentifier => $"identifier \"{t.Text}\"",
        TokenKind.Number => $"number \"{t.Text}\"",
        TokenKind.Duration => $"duration \"{t.Text}\"",
        _ => $"\"{t.Text}\"",
    };

    private ParseException Error(Token t, string problem) => new(_query, t.Position, problem);
}
