using Metrics.Query.Ast;

namespace Metrics.Query.Tests.Conformance;

/// <summary>Collects the vector selectors of a parsed query, to see which stored series it can touch.</summary>
internal static class AstSelectors
{
    /// <summary>Adds every selector of <paramref name="expr"/> to <paramref name="into"/>; false on a node type it does not know.</summary>
    public static bool TryCollect(Expr expr, List<VectorSelector> into)
    {
        switch (expr)
        {
            case VectorSelector v:
                into.Add(v);
                return true;
            case MatrixSelector m:
                into.Add(m.Selector);
                return true;
            case SubqueryExpr s:
                return TryCollect(s.Expr, into);
            case Call c:
                foreach (Expr arg in c.Args)
                {
                    if (!TryCollect(arg, into)) return false;
                }
                return true;
            case AggregateExpr a:
                return TryCollect(a.Expr, into) && (a.Param is null || TryCollect(a.Param, into));
            case BinaryExpr b:
                return TryCollect(b.Lhs, into) && TryCollect(b.Rhs, into);
            case ParenExpr p:
                return TryCollect(p.Expr, into);
            case UnaryExpr u:
                return TryCollect(u.Expr, into);
            case NumberLiteral or StringLiteral or DurationExpr:
                return true;
            default:
                return false;
        }
    }
}
