namespace Metrics.Query.Ast;

/// <summary><c>op [by|without (labels)] ([param,] expr)</c>; <see cref="Param"/> is set exactly when the operator takes one.</summary>
public sealed record AggregateExpr(AggregateOp Op, Expr Expr, Expr? Param, IReadOnlyList<string> Grouping, bool Without) : Expr
{
    public override ValueType Type => ValueType.Vector;
}
