namespace Metrics.Query.Ast;

/// <summary><c>selector[range]</c>: every sample of each series in the left-open window (t - range, t].</summary>
/// <remarks>
/// Offset, <c>@</c> and the anchored/smoothed flags live on <see cref="Selector"/>, as in Prometheus.
/// <see cref="RangeMs"/> is 0 only when <see cref="RangeExpr"/> depends on <c>step()</c> or <c>range()</c>.
/// </remarks>
public sealed record MatrixSelector(VectorSelector Selector, long RangeMs) : Expr
{
    /// <summary>The range as written when it was a duration expression (<c>[2m*15]</c>) rather than a plain duration.</summary>
    public DurationExpr? RangeExpr { get; init; }

    public override ValueType Type => ValueType.Matrix;
}
