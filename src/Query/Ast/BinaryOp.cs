namespace Metrics.Query.Ast;

/// <summary>PromQL's binary operators; <see cref="BinaryOps"/> knows their text, precedence and class.</summary>
public enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Equal,
    NotEqual,
    GreaterThan,
    LessThan,
    GreaterEqual,
    LessEqual,
    And,
    Or,
    Unless,
    /// <summary><c>&lt;/</c>: drops native-histogram observations above the right-hand value.</summary>
    TrimUpper,
    /// <summary><c>&gt;/</c>: drops native-histogram observations below the right-hand value.</summary>
    TrimLower,
}
