using Metrics.Query.Ast;

namespace Metrics.Query.Parser;

public sealed partial class PromQLParser
{
    /// <summary>
    /// A duration expression inside brackets: numbers (seconds) and durations combined with
    /// <c>+ - * / % ^</c>, unary signs, parentheses, <c>step()</c>, <c>range()</c>, <c>min_of</c>, <c>max_of</c>,
    /// with the same precedence as PromQL's arithmetic.
    /// </summary>
    private DurationExpr ParseDurationExpr(int minPrecedence, string context)
    {
        DurationExpr lhs = ParseDurationUnary(context);
        while (TryPeekDurationOp(out DurationOp op, out int precedence) && precedence >= minPrecedence)
        {
            Token opToken = Advance();
            RequireDurationExpressions(opToken);
            DurationExpr rhs = ParseDurationExpr(op == DurationOp.Pow ? precedence : precedence + 1, context);
            lhs = new DurationExpr(op, 0, lhs, rhs);
        }
        return lhs;
    }

    private bool TryPeekDurationOp(out DurationOp op, out int precedence)
    {
        (op, precedence) = Current.Kind switch
        {
            TokenKind.Add => (DurationOp.Add, 4),
            TokenKind.Sub => (DurationOp.Sub, 4),
            TokenKind.Mul => (DurationOp.Mul, 5),
            TokenKind.Div => (DurationOp.Div, 5),
            TokenKind.Mod => (DurationOp.Mod, 5),
            TokenKind.Pow => (DurationOp.Pow, 6),
            _ => (DurationOp.Literal, 0),
        };
        return precedence > 0;
    }

    private DurationExpr ParseDurationUnary(string context)
    {
        if (Current.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParseDurationPrimary(context);
        Token sign = Advance();
        RequireDurationExpressions(sign);
        DurationExpr operand = ParseDurationExpr(UnaryOperandPrecedence, context);
        return new DurationExpr(sign.Kind == TokenKind.Sub ? DurationOp.Negate : DurationOp.Plus, 0, operand, null);
    }

    /// <summary>
    /// What follows <c>offset</c>: one signed operand only, so <c>x offset 1m + 2</c> adds 2 to the
    /// offset selector; arithmetic inside the offset needs parentheses.
    /// </summary>
    private DurationExpr ParseOffsetDuration()
    {
        const string context = "offset";
        if (Current.Kind is not (TokenKind.Add or TokenKind.Sub)) return ParseDurationPrimary(context);
        Token sign = Advance();
        DurationExpr operand = ParseDurationPrimary(context);
        if (operand.Op == DurationOp.Literal)
            return sign.Kind == TokenKind.Sub ? operand with { Value = -operand.Value } : operand;
        return new DurationExpr(sign.Kind == TokenKind.Sub ? DurationOp.Negate : DurationOp.Plus, 0, operand, null);
    }

    private DurationExpr ParseDurationPrimary(string context)
    {
        Token t = Current;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return DurationExpr.Literal(ParseNumber(t), isDuration: false);
            case TokenKind.Duration:
                Advance();
                return DurationExpr.Literal(ParseDuration(t) / 1000.0, isDuration: true);
            case TokenKind.LeftParen:
            {
                Advance();
                RequireDurationExpressions(t);
                DurationExpr inner = ParseDurationExpr(0, context);
                ExpectClosingParen(context);
                return new DurationExpr(DurationOp.Paren, 0, inner, null);
            }
            case TokenKind.Identifier when PeekAt(1).Kind == TokenKind.LeftParen:
            {
                DurationOp op = t.Text.ToLowerInvariant() switch
                {
                    "step" => DurationOp.Step,
                    "range" => DurationOp.Range,
                    "min_of" => DurationOp.MinOf,
                    "max_of" => DurationOp.MaxOf,
                    _ => throw Unexpected(t, context, "number or duration"),
                };
                RequireDurationExpressions(t);
                Advance();
                Advance();
                if (op is DurationOp.Step or DurationOp.Range)
                {
                    ExpectClosingParen(context);
                    return new DurationExpr(op, 0, null, null);
                }
                DurationExpr first = ParseDurationExpr(0, context);
                Expect(TokenKind.Comma, context, "\",\"");
                DurationExpr second = ParseDurationExpr(0, context);
                ExpectClosingParen(context);
                return new DurationExpr(op, 0, first, second);
            }
            default:
                throw Unexpected(t, context, "number or duration");
        }
    }

    // step(), range(), start(), end(), min_of(), max_of() are keywords, not catalogue functions.
    private static bool IsTimeFunction(Token t) =>
        t.Text.ToLowerInvariant() is "step" or "range" or "start" or "end" or "min_of" or "max_of";

    /// <summary>One of the keyword functions used as a scalar in an ordinary expression (<c>vector(step())</c>, <c>end() - start()</c>).</summary>
    private DurationExpr ParseTimeFunction()
    {
        Token t = Current;
        DurationOp op = t.Text.ToLowerInvariant() switch
        {
            "start" => DurationOp.Start,
            "end" => DurationOp.End,
            _ => DurationOp.Literal,
        };
        if (op == DurationOp.Literal) return ParseDurationPrimary("expression");
        RequireDurationExpressions(t);
        Advance();
        Advance();
        ExpectClosingParen("expression");
        return new DurationExpr(op, 0, null, null);
    }

    private void RequireDurationExpressions(Token t)
    {
        if (!_options.EnableDurationExpressions)
            throw Error(t, "experimental duration expressions are not enabled");
    }
}
