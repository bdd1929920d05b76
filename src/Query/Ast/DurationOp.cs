namespace Metrics.Query.Ast;

/// <summary>The node kinds of a <see cref="DurationExpr"/>.</summary>
public enum DurationOp
{
    /// <summary>A number of seconds or a duration such as <c>5m</c>.</summary>
    Literal,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    /// <summary>Unary minus.</summary>
    Negate,
    /// <summary>Unary plus, kept so the printer reproduces it.</summary>
    Plus,
    /// <summary>Parentheses, kept so the printer reproduces them.</summary>
    Paren,
    /// <summary><c>step()</c>: the range query's step (0 for instant queries).</summary>
    Step,
    /// <summary><c>range()</c>: the range query's end minus start (0 for instant queries).</summary>
    Range,
    MinOf,
    MaxOf,
    /// <summary><c>start()</c> in an expression: the query's start time in seconds.</summary>
    Start,
    /// <summary><c>end()</c> in an expression: the query's end time in seconds.</summary>
    End,
}
