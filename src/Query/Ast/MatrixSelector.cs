namespace Metrics.Query.Ast;

/// <summary><c>selector[range]</c>: every sample of each series in the left-open window (t - range, t].</summary>
public sealed record MatrixSelector(VectorSelector Selector, long RangeMs) : Expr
{
    public override ValueType Type => ValueType.Matrix;
}
