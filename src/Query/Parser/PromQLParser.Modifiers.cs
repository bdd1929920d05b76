using Metrics.Query.Ast;

namespace Metrics.Query.Parser;

public sealed partial class PromQLParser
{
    private const string ModifierTargets = "an instant vector selector or range vector selector or a subquery";

    /// <summary>
    /// The suffixes that bind tighter than any operator: <c>[range]</c>, <c>[range:step]</c>,
    /// <c>offset d</c>, <c>@ t</c>, <c>anchored</c>, <c>smoothed</c>, in any order Prometheus accepts.
    /// </summary>
    private Expr ParsePostfix(Expr expr)
    {
        while (true)
        {
            Token t = Current;
            if (t.Kind == TokenKind.LeftBracket) expr = ParseRangeOrSubquery(expr);
            else if (IsWord(t, "offset")) expr = ParseOffset(expr);
            else if (t.Kind == TokenKind.At) expr = ParseAt(expr);
            else if (IsWord(t, "anchored") || IsWord(t, "smoothed")) expr = ParseRangeSelectorModifier(expr);
            else return expr;
        }
    }

    private Expr ParseRangeOrSubquery(Expr expr)
    {
        Token open = Advance();
        int start = PositionOf(expr);
        if (Current.Kind is TokenKind.Colon or TokenKind.RightBracket)
            throw Unexpected(Current, "subquery selector", "number or duration");
        DurationExpr range = ParseDurationExpr(0, "subquery or range");
        if (Current.Kind == TokenKind.Colon)
        {
            Advance();
            DurationExpr? step = null;
            if (Current.Kind != TokenKind.RightBracket) step = ParseDurationExpr(0, "subquery selector");
            Expect(TokenKind.RightBracket, "subquery selector", "\"]\"");
            if (expr.Type != Ast.ValueType.Vector)
                throw Error(start, $"subquery is only allowed on instant vector, got {expr.Type.ApiName()} instead");
            (long rangeMs, DurationExpr? rangeExpr) = FoldDuration(range, open.Position, positive: true);
            long stepMs = 0;
            DurationExpr? stepExpr = null;
            if (step is not null) (stepMs, stepExpr) = FoldDuration(step, open.Position, positive: false);
            if (stepMs < 0) throw Error(open, "step must be greater than or equal to 0");
            return Track(new SubqueryExpr(expr, rangeMs, stepMs) { RangeExpr = rangeExpr, StepExpr = stepExpr }, start);
        }
        Expect(TokenKind.RightBracket, "subquery or range", "\":\" or \"]\"");
        string? problem = expr switch
        {
            not VectorSelector => "ranges only allowed for vector selectors",
            VectorSelector { OffsetMs: not 0 } or VectorSelector { OffsetExpr: not null } => "no offset modifiers allowed before range",
            VectorSelector { At: not AtModifierKind.None } => "no @ modifiers allowed before range",
            _ => null,
        };
        if (problem is not null) throw Error(open, problem);
        (long ms, DurationExpr? kept) = FoldDuration(range, open.Position, positive: true);
        return Track(new MatrixSelector((VectorSelector)expr, ms) { RangeExpr = kept }, start);
    }

    /// <summary>
    /// Folds a duration expression to milliseconds. Plain literals keep no expression; other constant
    /// expressions keep it for the printer; step()/range() ones fold to 0 and leave the value to the engine.
    /// </summary>
    private (long Ms, DurationExpr? Kept) FoldDuration(DurationExpr d, int position, bool positive)
    {
        if (!d.IsConstant) return (0, d);
        long ms;
        try
        {
            ms = d.EvaluateMilliseconds(0, 0);
        }
        catch (Exception e) when (e is InvalidOperationException or OverflowException)
        {
            throw Error(position, e is OverflowException ? "duration out of range" : e.Message);
        }
        if (positive && ms <= 0) throw Error(position, "duration must be greater than 0");
        return (ms, d.Op == DurationOp.Literal ? null : d);
    }

    private Expr ParseOffset(Expr expr)
    {
        Token keyword = Advance();
        DurationExpr d = ParseOffsetDuration();
        (long ms, DurationExpr? kept) = FoldDuration(d, keyword.Position, positive: false);
        int start = PositionOf(expr);
        switch (expr)
        {
            case VectorSelector v:
                if (v.OffsetMs != 0 || v.OffsetExpr is not null) throw Error(keyword, "offset may not be set multiple times");
                return Track(v with { OffsetMs = ms, OffsetExpr = kept }, start);
            case MatrixSelector m:
                if (m.Selector.OffsetMs != 0 || m.Selector.OffsetExpr is not null) throw Error(keyword, "offset may not be set multiple times");
                return Track(m with { Selector = m.Selector with { OffsetMs = ms, OffsetExpr = kept } }, start);
            case SubqueryExpr s:
                if (s.OffsetMs != 0 || s.OffsetExpr is not null) throw Error(keyword, "offset may not be set multiple times");
                return Track(s with { OffsetMs = ms, OffsetExpr = kept }, start);
            default:
                throw Error(start, "offset modifier must be preceded by " + ModifierTargets);
        }
    }

    private Expr ParseAt(Expr expr)
    {
        Token at = Advance();
        AtModifierKind kind;
        long ms = 0;
        if ((IsWord(Current, "start") || IsWord(Current, "end")) && PeekAt(1).Kind == TokenKind.LeftParen)
        {
            kind = IsWord(Advance(), "start") ? AtModifierKind.Start : AtModifierKind.End;
            Advance();
            Expect(TokenKind.RightParen, "@", "\")\"");
        }
        else
        {
            double seconds = ParseSignedNumber("@", allowDuration: true);
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds * 1000) >= long.MaxValue)
                throw Error(at, FormattableString.Invariant($"timestamp out of bounds for @ modifier: {seconds:F6}"));
            kind = AtModifierKind.Timestamp;
            ms = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        }
        int start = PositionOf(expr);
        const string twice = "@ <timestamp> may not be set multiple times";
        switch (expr)
        {
            case VectorSelector v:
                if (v.At != AtModifierKind.None) throw Error(at, twice);
                return Track(v with { At = kind, AtMs = ms }, start);
            case MatrixSelector m:
                if (m.Selector.At != AtModifierKind.None) throw Error(at, twice);
                return Track(m with { Selector = m.Selector with { At = kind, AtMs = ms } }, start);
            case SubqueryExpr s:
                if (s.At != AtModifierKind.None) throw Error(at, twice);
                return Track(s with { At = kind, AtMs = ms }, start);
            default:
                throw Error(start, "@ modifier must be preceded by " + ModifierTargets);
        }
    }

    private Expr ParseRangeSelectorModifier(Expr expr)
    {
        Token word = Advance();
        bool anchored = IsWord(word, "anchored");
        string name = anchored ? "anchored" : "smoothed";
        if (!_options.EnableExtendedRangeSelectors)
            throw Error(word, $"the {name} modifier is experimental and not enabled");
        int start = PositionOf(expr);
        VectorSelector selector = expr switch
        {
            VectorSelector v => v,
            MatrixSelector m => m.Selector,
            _ => throw Error(word, $"{name} modifier must be preceded by an instant vector selector or range vector selector"),
        };
        if ((anchored && selector.Smoothed) || (!anchored && selector.Anchored))
            throw Error(word, "anchored and smoothed modifiers cannot be used together");
        selector = anchored ? selector with { Anchored = true } : selector with { Smoothed = true };
        return expr is MatrixSelector matrix
            ? Track(matrix with { Selector = selector }, start)
            : Track(selector, start);
    }
}
