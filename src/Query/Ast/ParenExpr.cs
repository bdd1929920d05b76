namespace Metrics.Query.Ast;

/// <summary><c>(expr)</c>, kept in the tree so the printer reproduces the query's grouping.</summary>
public sealed record ParenExpr(Expr Expr) : Expr
{
    public override ValueType Type => Expr.Type;
}
