using System.Globalization;
using Metrics.Query.Ast;

namespace Metrics.Query.Parser;

/// <summary>
/// A recursive-descent (precedence-climbing) parser for the full PromQL grammar of Prometheus 3.x,
/// including the experimental syntax its test scripts use. Type checks run as each node is built,
/// children first, with Prometheus's messages; the first problem aborts with a <see cref="ParseException"/>.
/// </summary>
/// <remarks>
/// Split by concern: this file holds the entry points, the operator-precedence loop and literals;
/// <c>.Selectors</c>, <c>.Modifiers</c> (ranges, subqueries, offset, @), <c>.Durations</c>,
/// <c>.Calls</c> (functions and aggregations) and <c>.Binary</c> (operator modifiers and checks).
/// </remarks>
public sealed partial class PromQLParser
{
    private const int UnaryOperandPrecedence = 6;  // unary minus binds like '*' in yacc, so only '^' is inside it

    private readonly string _query;
    private readonly List<Token> _tokens;
    private readonly ParserOptions _options;
    // Start offsets of built nodes, for positioning type errors the way Prometheus does (node start).
    private readonly Dictionary<Expr, int> _positions = new(ReferenceEqualityComparer.Instance);
    private int _index;

    private PromQLParser(string query, ParserOptions options)
    {
        _query = query;
        _options = options;
        _tokens = Lexer.Tokenize(query);
    }

    /// <summary>Parses and type-checks a PromQL expression with every experimental feature enabled.</summary>
    public static Expr Parse(string query) => Parse(query, ParserOptions.Default);

    /// <summary>Parses and type-checks a PromQL expression.</summary>
    /// <exception cref="ParseException">The first syntax or type error, as <c>line:col: parse error: ...</c>.</exception>
    public static Expr Parse(string query, ParserOptions options)
    {
        var parser = new PromQLParser(query, options);
        if (parser.Current.Kind == TokenKind.Eof) throw parser.Error(parser.Current, "no expression found in input");
        Expr expr = parser.ParseExpr(0);
        if (parser.Current.Kind != TokenKind.Eof) throw parser.Unexpected(parser.Current);
        return expr;
    }

    /// <summary>Parses like <see cref="Parse(string)"/> and also returns where each node starts, for annotation positions.</summary>
    public static (Expr Expr, IReadOnlyDictionary<Expr, int> Positions) ParseWithPositions(string query)
    {
        var parser = new PromQLParser(query, ParserOptions.Default);
        if (parser.Current.Kind == TokenKind.Eof) throw parser.Error(parser.Current, "no expression found in input");
        Expr expr = parser.ParseExpr(0);
        if (parser.Current.Kind != TokenKind.Eof) throw parser.Unexpected(parser.Current);
        return (expr, parser._positions);
    }

    /// <summary>Parses a series selector alone, as <c>match[]</c> parameters use it.</summary>
    public static VectorSelector ParseSelector(string text)
    {
        Expr expr = Parse(text);
        return expr as VectorSelector
            ?? throw new ParseException(text, 0, "expected a series selector, got " + expr.Type.Documented());
    }

    private Token Current => _tokens[_index];

    private Token PeekAt(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private Token Advance() => _tokens[_index++];

    /// <summary>
    /// Parses operators of at least <paramref name="minPrecedence"/>, the classic precedence-climbing
    /// loop; <paramref name="first"/> is an already parsed first operand, if any.
    /// </summary>
    private Expr ParseExpr(int minPrecedence, Expr? first = null)
    {
        Expr lhs = first ?? ParseUnary();
        while (TryPeekBinaryOp(out BinaryOp op))
        {
            int precedence = op.Precedence();
            if (precedence < minPrecedence) break;
            Advance();
            BinaryModifiers modifiers = ParseBinaryModifiers();
            Expr rhs = ParseExpr(op.IsRightAssociative() ? precedence : precedence + 1);
            lhs = NewBinary(op, lhs, rhs, modifiers);
        }
        return lhs;
    }

    private bool TryPeekBinaryOp(out BinaryOp op)
    {
        Token t = Current;
        op = default;
        return t.Kind switch
        {
            TokenKind.Add or TokenKind.Sub or TokenKind.Mul or TokenKind.Div or TokenKind.Mod or TokenKind.Pow
                or TokenKind.Equal or TokenKind.NotEqual or TokenKind.LessThan or TokenKind.LessEqual
                or TokenKind.GreaterThan or TokenKind.GreaterEqual or TokenKind.TrimUpper or TokenKind.TrimLower
                => BinaryOps.TryParse(t.Text, out op),
            TokenKind.Identifier => t.Text.ToLowerInvariant() is "and" or "or" or "unless" or "atan2"
                && BinaryOps.TryParse(t.Text, out op),
            _ => false,
        };
    }

    private Expr ParseUnary()
    {
        Token t = Current;
        if (t.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParsePostfix(ParsePrimary());
        Advance();
        BinaryOp op = t.Kind == TokenKind.Add ? BinaryOp.Add : BinaryOp.Sub;
        Expr operand = ParseExpr(UnaryOperandPrecedence);
        // Like Prometheus, a sign directly on a number literal folds into the literal: -1 is NumberLiteral(-1).
        if (operand is NumberLiteral n)
            return Track(op == BinaryOp.Sub ? n with { Value = -n.Value } : n with { }, t.Position);
        if (operand.Type is not (Ast.ValueType.Scalar or Ast.ValueType.Vector))
            throw Error(t, $"unary expression only allowed on expressions of type scalar or instant vector, got \"{operand.Type.Documented()}\"");
        return Track(new UnaryExpr(op, operand), t.Position);
    }

    private Expr ParsePrimary()
    {
        Token t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return Track(new NumberLiteral(ParseNumber(t)), t.Position);
            case TokenKind.Duration:
                Advance();
                return Track(new NumberLiteral(ParseDuration(t) / 1000.0) { IsDuration = true }, t.Position);
            case TokenKind.String:
                Advance();
                return Track(new StringLiteral(t.Text), t.Position);
            case TokenKind.LeftParen:
            {
                Advance();
                Expr inner = ParseExpr(0);
                ExpectClosingParen("paren expression");
                return Track(new ParenExpr(inner), t.Position);
            }
            case TokenKind.LeftBrace or TokenKind.MetricIdentifier:
                return ParseCheckedSelector();
            case TokenKind.Identifier:
            {
                Token next = PeekAt(1);
                bool groupingNext = next.Kind == TokenKind.Identifier && next.Text.ToLowerInvariant() is "by" or "without";
                if (AggregateOps.TryParse(t.Text, out AggregateOp aggregate) && (next.Kind == TokenKind.LeftParen || groupingNext))
                    return ParseAggregate(aggregate);
                if (next.Kind == TokenKind.LeftParen && IsTimeFunction(t)) return Track(ParseTimeFunction(), t.Position);
                if (next.Kind == TokenKind.LeftParen) return ParseCall();
                return ParseCheckedSelector();
            }
            default:
                throw Unexpected(t);
        }
    }

    private void ExpectClosingParen(string context)
    {
        if (Current.Kind == TokenKind.RightParen)
        {
            Advance();
            return;
        }
        if (Current.Kind == TokenKind.Eof) throw Error(Current, "unclosed left parenthesis");
        throw Unexpected(Current, context, "\")\"");
    }

    private Token Expect(TokenKind kind, string context, string expected)
    {
        if (Current.Kind != kind) throw Unexpected(Current, context, expected);
        return Advance();
    }

    private static bool IsWord(Token t, string word) =>
        t.Kind == TokenKind.Identifier && string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase);

    private long ParseDuration(Token t)
    {
        if (!Store.Time.PromDuration.TryParseMilliseconds(t.Text, out long ms)) throw Error(t, $"bad duration syntax: \"{t.Text}\"");
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

    /// <summary>A number with an optional sign, as fill values and @ timestamps take it.</summary>
    private double ParseSignedNumber(string context, bool allowDuration)
    {
        double sign = 1;
        if (Current.Kind is TokenKind.Add or TokenKind.Sub)
        {
            if (Advance().Kind == TokenKind.Sub) sign = -1;
        }
        Token t = Current;
        if (t.Kind == TokenKind.Number) return sign * ParseNumber(Advance());
        if (allowDuration && t.Kind == TokenKind.Duration) return sign * ParseDuration(Advance()) / 1000.0;
        throw Unexpected(t, context, allowDuration ? "number or duration" : "number");
    }

    private T Track<T>(T expr, int position) where T : Expr
    {
        _positions[expr] = position;
        return expr;
    }

    private int PositionOf(Expr expr) => _positions.TryGetValue(expr, out int p) ? p : 0;

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.Eof => "end of input",
        TokenKind.String => $"string \"{t.Text}\"",
        TokenKind.Identifier => $"identifier \"{t.Text}\"",
        TokenKind.MetricIdentifier => $"metric identifier \"{t.Text}\"",
        TokenKind.Number => $"number \"{t.Text}\"",
        TokenKind.Duration => $"duration \"{t.Text}\"",
        _ => $"\"{t.Text}\"",
    };

    private ParseException Unexpected(Token t, string? context = null, string? expected = null)
    {
        string message = "unexpected " + Describe(t);
        if (context is not null) message += " in " + context;
        if (expected is not null) message += ", expected " + expected;
        return Error(t, message);
    }

    private ParseException Error(Token t, string problem) => new(_query, t.Position, problem);

    private ParseException Error(int position, string problem) => new(_query, position, problem);
}
