namespace Metrics.Query.Ast;

/// <summary>
/// The matching clause of a vector/vector binary operation: <c>on(...)</c> or <c>ignoring(...)</c>,
/// <c>group_left(...)</c>/<c>group_right(...)</c> (the cardinality and <see cref="Include"/> labels),
/// and the experimental <c>fill</c>, <c>fill_left</c>, <c>fill_right</c> values for unmatched sides.
/// </summary>
public sealed record VectorMatching(
    VectorMatchCardinality Card,
    IReadOnlyList<string> MatchingLabels,
    bool On,
    IReadOnlyList<string> Include)
{
    /// <summary>The value used for a missing left-hand element (<c>fill_left(v)</c> or <c>fill(v)</c>); null: no fill.</summary>
    public double? FillLeft { get; init; }

    /// <summary>The value used for a missing right-hand element (<c>fill_right(v)</c> or <c>fill(v)</c>); null: no fill.</summary>
    public double? FillRight { get; init; }
}
