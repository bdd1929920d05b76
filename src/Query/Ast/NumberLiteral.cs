namespace Metrics.Query.Ast;

/// <summary>A float literal such as <c>1</c>, <c>-2.5e3</c>, <c>Inf</c>.</summary>
public sealed record NumberLiteral(double Value) : Expr
{
    public override ValueType Type => ValueType.Scalar;
}
