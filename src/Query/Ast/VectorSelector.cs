using Metrics.Store.Labels;

namespace Metrics.Query.Ast;

/// <summary><c>name{matchers} @ t offset d</c>: the newest sample of each series within the lookback window.</summary>
/// <remarks>
/// <see cref="OffsetMs"/> is the folded offset; when the offset is a duration expression that needs
/// the query's step or range (<c>offset step()</c>), <see cref="OffsetExpr"/> holds it and the
/// evaluator resolves it. The anchored/smoothed flags are the experimental extended range selectors.
/// </remarks>
public sealed record VectorSelector(string? Name, IReadOnlyList<LabelMatcher> Matchers, long OffsetMs) : Expr
{
    /// <summary>The offset as written when it was a duration expression rather than a plain duration.</summary>
    public DurationExpr? OffsetExpr { get; init; }

    public AtModifierKind At { get; init; }

    /// <summary>The pinned evaluation time in milliseconds when <see cref="At"/> is <see cref="AtModifierKind.Timestamp"/>.</summary>
    public long AtMs { get; init; }

    public bool Anchored { get; init; }

    public bool Smoothed { get; init; }

    public override ValueType Type => ValueType.Vector;
}
