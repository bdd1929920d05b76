namespace Metrics.Query.Parser;

/// <summary>The kinds of PromQL tokens the lexer produces.</summary>
public enum TokenKind
{
    Eof,
    Identifier,
    MetricIdentifier,
    String,
    Number,
    Duration,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    Comma,
    Colon,
    At,
    Assign,
    Equal,
    NotEqual,
    RegexMatch,
    RegexNoMatch,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    LessThan,
    LessEqual,
    GreaterThan,
    GreaterEqual,
    /// <summary><c>&lt;/</c>: trims native-histogram buckets above a value.</summary>
    TrimUpper,
    /// <summary><c>&gt;/</c>: trims native-histogram buckets below a value.</summary>
    TrimLower,
}
