namespace Metrics.Query.Parser;

/// <summary>One token: its kind, its text (unquoted for strings) and its 0-based position in the query.</summary>
public readonly record struct Token(TokenKind Kind, string Text, int Position);
