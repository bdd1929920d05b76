namespace Metrics.Query.Ast;

/// <summary>
/// An experimental duration expression in a range, subquery step or offset (<c>[2m*15]</c>,
/// <c>offset (1m+30s)</c>, <c>[step()+1]</c>, <c>[min_of(range(), 1h)]</c>). Values are seconds,
/// as in Prometheus; <see cref="Lhs"/>/<see cref="Rhs"/> are the operands (only <see cref="Lhs"/>
/// for unary and parenthesised nodes) and <see cref="Value"/> is the literal's value. In an
/// ordinary expression, <c>step()</c>, <c>range()</c>, <c>start()</c>, <c>end()</c>, <c>min_of</c>
/// and <c>max_of</c> are scalar-valued nodes of this type too.
/// </summary>
public sealed record DurationExpr(DurationOp Op, double Value, DurationExpr? Lhs, DurationExpr? Rhs) : Expr
{
    /// <summary>True for a literal written as a duration (<c>5m</c>) rather than a plain number of seconds.</summary>
    public bool IsDuration { get; init; }

    public override ValueType Type => ValueType.Scalar;

    /// <summary>True when the value does not depend on the query's step or range, so the parser can fold it.</summary>
    public bool IsConstant => Op switch
    {
        DurationOp.Literal => true,
        DurationOp.Step or DurationOp.Range or DurationOp.Start or DurationOp.End => false,
        _ => (Lhs?.IsConstant ?? true) && (Rhs?.IsConstant ?? true),
    };

    public static DurationExpr Literal(double seconds, bool isDuration) =>
        new(DurationOp.Literal, seconds, null, null) { IsDuration = isDuration };

    /// <summary>Evaluates to seconds; <paramref name="stepMs"/> and <paramref name="rangeMs"/> answer <c>step()</c> and <c>range()</c>.</summary>
    /// <exception cref="InvalidOperationException">On division or modulo by zero.</exception>
    public double EvaluateSeconds(long stepMs, long rangeMs) => EvaluateSeconds(stepMs, rangeMs, 0, 0);

    /// <summary>Evaluates to seconds, also answering <c>start()</c> and <c>end()</c> (query start and end, Unix ms).</summary>
    /// <exception cref="InvalidOperationException">On division or modulo by zero.</exception>
    public double EvaluateSeconds(long stepMs, long rangeMs, long startMs, long endMs)
    {
        double L() => Lhs!.EvaluateSeconds(stepMs, rangeMs, startMs, endMs);
        double R() => Rhs!.EvaluateSeconds(stepMs, rangeMs, startMs, endMs);
        switch (Op)
        {
            case DurationOp.Literal: return Value;
            case DurationOp.Step: return stepMs / 1000.0;
            case DurationOp.Range: return rangeMs / 1000.0;
            case DurationOp.Start: return startMs / 1000.0;
            case DurationOp.End: return endMs / 1000.0;
            case DurationOp.Negate: return -L();
            case DurationOp.Plus or DurationOp.Paren: return L();
            case DurationOp.Add: return L() + R();
            case DurationOp.Sub: return L() - R();
            case DurationOp.Mul: return L() * R();
            case DurationOp.Pow: return Math.Pow(L(), R());
            case DurationOp.MinOf: return Math.Min(L(), R());
            case DurationOp.MaxOf: return Math.Max(L(), R());
            case DurationOp.Div:
            {
                double divisor = R();
                if (divisor == 0) throw new InvalidOperationException("division by zero");
                return L() / divisor;
            }
            default:
            {
                double divisor = R();
                if (divisor == 0) throw new InvalidOperationException("modulo by zero");
                return L() % divisor;
            }
        }
    }

    /// <summary>Evaluates to whole milliseconds, rounding to the nearest one.</summary>
    public long EvaluateMilliseconds(long stepMs, long rangeMs) =>
        checked((long)Math.Round(EvaluateSeconds(stepMs, rangeMs) * 1000));
}
