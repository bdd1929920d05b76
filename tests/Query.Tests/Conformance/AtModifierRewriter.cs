using Metrics.Query.Ast;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// Upstream's <c>atModifierTestCases</c>: pins every vector selector and subquery that has no <c>@ t</c>
/// to the eval time, without descending into a pinned subquery, so the query can be re-run at other times
/// and must still give the same answer.
/// </summary>
internal static class AtModifierRewriter
{
    /// <summary>The extra evaluation times upstream uses for an eval at <paramref name="evalMs"/>.</summary>
    public static long[] ExtraEvalTimes(long evalMs) =>
        evalMs == 0 ? [-1000, 0, 1000] : [-10 * evalMs, 0, evalMs / 5, evalMs, 10 * evalMs];

    /// <summary>The pinned expression, or null when it contains a node type this rewriter does not know.</summary>
    public static Expr? Pin(Expr expr, long atMs) => expr switch
    {
        // Upstream tests "Timestamp == nil", so @ start()/end() are replaced by the fixed time as well.
        VectorSelector v => v.At == AtModifierKind.Timestamp ? v : v with { At = AtModifierKind.Timestamp, AtMs = atMs },
        MatrixSelector m => m with { Selector = (VectorSelector)Pin(m.Selector, atMs)! },
        SubqueryExpr s => s.At == AtModifierKind.Timestamp ? s : s with { At = AtModifierKind.Timestamp, AtMs = atMs },
        Call c => PinAll(c.Args, atMs) is { } args ? c with { Args = args } : null,
        AggregateExpr a => Pin(a.Expr, atMs) is { } inner && (a.Param is null || Pin(a.Param, atMs) is not null)
            ? a with { Expr = inner, Param = a.Param is null ? null : Pin(a.Param, atMs) }
            : null,
        BinaryExpr b => Pin(b.Lhs, atMs) is { } l && Pin(b.Rhs, atMs) is { } r ? b with { Lhs = l, Rhs = r } : null,
        ParenExpr p => Pin(p.Expr, atMs) is { } inner ? p with { Expr = inner } : null,
        UnaryExpr u => Pin(u.Expr, atMs) is { } inner ? u with { Expr = inner } : null,
        NumberLiteral or StringLiteral or DurationExpr => expr,
        _ => null,
    };

    private static List<Expr>? PinAll(IReadOnlyList<Expr> exprs, long atMs)
    {
        var result = new List<Expr>(exprs.Count);
        foreach (Expr e in exprs)
        {
            if (Pin(e, atMs) is not { } pinned) return null;
            result.Add(pinned);
        }
        return result;
    }
}
