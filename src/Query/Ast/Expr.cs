using Metrics.Query.Parser;

namespace Metrics.Query.Ast;

/// <summary>A node of a parsed PromQL expression.</summary>
public abstract record Expr
{
    /// <summary>The value type this expression evaluates to.</summary>
    public abstract ValueType Type { get; }

    /// <summary>The expression in Prometheus's canonical single-line form, as <c>/api/v1/format_query</c> returns it.</summary>
    public sealed override string ToString() => PromQLPrinter.Print(this);
}
