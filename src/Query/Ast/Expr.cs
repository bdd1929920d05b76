namespace Metrics.Query.Ast;

/// <summary>A node of a parsed PromQL expression.</summary>
public abstract record Expr
{
    /// <summary>The value type this expression evaluates to.</summary>
    public abstract ValueType Type { get; }
}
