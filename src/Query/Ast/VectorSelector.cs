using Metrics.Store.Labels;

namespace Metrics.Query.Ast;

/// <summary><c>name{matchers} offset d</c>: the newest sample of each series within the lookback window.</summary>
public sealed record VectorSelector(string? Name, IReadOnlyList<LabelMatcher> Matchers, long OffsetMs) : Expr
{
    public override ValueType Type => ValueType.Vector;
}
