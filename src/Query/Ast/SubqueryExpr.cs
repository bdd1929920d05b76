namespace Metrics.Query.Ast;

/// <summary><c>expr[range:step] @ t offset d</c>: an instant-vector expression evaluated at every step of a window.</summary>
/// <remarks>
/// <see cref="StepMs"/> 0 means the default step (the engine's evaluation interval). The <c>*Expr</c>
/// members keep duration expressions as written; the millisecond members hold their folded value,
/// or 0 when they need the query's step or range.
/// </remarks>
public sealed record SubqueryExpr(Expr Expr, long RangeMs, long StepMs) : Expr
{
    public long OffsetMs { get; init; }

    public DurationExpr? RangeExpr { get; init; }

    public DurationExpr? StepExpr { get; init; }

    public DurationExpr? OffsetExpr { get; init; }

    public AtModifierKind At { get; init; }

    public long AtMs { get; init; }

    public override ValueType Type => ValueType.Matrix;
}
