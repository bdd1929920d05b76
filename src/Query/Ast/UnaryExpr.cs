namespace Metrics.Query.Ast;

/// <summary><c>-expr</c> or <c>+expr</c> on a scalar or instant vector; <see cref="Op"/> is Add or Sub.</summary>
public sealed record UnaryExpr(BinaryOp Op, Expr Expr) : Expr
{
    public override ValueType Type => Expr.Type;
}
