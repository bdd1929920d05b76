namespace Metrics.Query.Ast;

/// <summary><c>lhs op [bool] [on|ignoring(...)] [group_x(...)] [fill(...)] rhs</c>.</summary>
/// <remarks><see cref="Matching"/> is null unless both sides are instant vectors.</remarks>
public sealed record BinaryExpr(BinaryOp Op, Expr Lhs, Expr Rhs, bool ReturnBool, VectorMatching? Matching) : Expr
{
    /// <summary>Scalar only when both sides are scalars; any vector side makes the result a vector.</summary>
    public override ValueType Type =>
        Lhs.Type == ValueType.Scalar && Rhs.Type == ValueType.Scalar ? ValueType.Scalar : ValueType.Vector;
}
