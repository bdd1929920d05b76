using System.Globalization;
using System.Text;
using Metrics.Query.Ast;
using Metrics.Store.Labels;
using Metrics.Store.Time;

namespace Metrics.Query.Parser;

/// <summary>
/// Writes an expression in Prometheus's canonical single-line form (its printer.go, as
/// <c>/api/v1/format_query</c> returns it): <c>sum by (job) (rate(x[5m]))</c>, <c>a + on (b) group_left () c</c>,
/// <c>x[5m:1m] @ 100.000 offset 1m</c>. Parsing the output gives back the same tree.
/// </summary>
public static class PromQLPrinter
{
    public static string Print(Expr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case NumberLiteral n:
                sb.Append(n.IsDuration ? FormatDurationSeconds(n.Value) : GoFormat.Float(n.Value));
                break;
            case StringLiteral s:
                sb.Append(GoFormat.Quote(s.Value));
                break;
            case VectorSelector v:
                WriteSelector(sb, v);
                WriteAt(sb, v.At, v.AtMs);
                WriteOffset(sb, v.OffsetMs, v.OffsetExpr);
                WriteRangeModifiers(sb, v);
                break;
            case MatrixSelector m:
                WriteSelector(sb, m.Selector);
                sb.Append('[');
                WriteDurationOrMs(sb, m.RangeExpr, m.RangeMs);
                sb.Append(']');
                WriteAt(sb, m.Selector.At, m.Selector.AtMs);
                WriteOffset(sb, m.Selector.OffsetMs, m.Selector.OffsetExpr);
                WriteRangeModifiers(sb, m.Selector);
                break;
            case SubqueryExpr q:
                Write(sb, q.Expr);
                sb.Append('[');
                WriteDurationOrMs(sb, q.RangeExpr, q.RangeMs);
                sb.Append(':');
                if (q.StepExpr is not null || q.StepMs != 0) WriteDurationOrMs(sb, q.StepExpr, q.StepMs);
                sb.Append(']');
                WriteAt(sb, q.At, q.AtMs);
                WriteOffset(sb, q.OffsetMs, q.OffsetExpr);
                break;
            case ParenExpr p:
                sb.Append('(');
                Write(sb, p.Expr);
                sb.Append(')');
                break;
            case UnaryExpr u:
                sb.Append(u.Op.Text());
                Write(sb, u.Expr);
                break;
            case BinaryExpr b:
                WriteBinary(sb, b);
                break;
            case AggregateExpr a:
                WriteAggregate(sb, a);
                break;
            case Call c:
                sb.Append(c.Func.Name).Append('(');
                WriteList(sb, c.Args);
                sb.Append(')');
                break;
            case DurationExpr d:
                WriteDuration(sb, d);
                break;
            default:
                throw new ArgumentException($"unknown expression node {expr.GetType().Name}", nameof(expr));
        }
    }

    private static void WriteBinary(StringBuilder sb, BinaryExpr b)
    {
        Write(sb, b.Lhs);
        sb.Append(' ').Append(b.Op.Text());
        if (b.ReturnBool) sb.Append(" bool");
        VectorMatching? vm = b.Matching;
        if (vm is not null && (vm.MatchingLabels.Count > 0 || vm.On))
        {
            sb.Append(vm.On ? " on (" : " ignoring (");
            WriteLabels(sb, vm.MatchingLabels);
            sb.Append(')');
            if (vm.Card is VectorMatchCardinality.ManyToOne or VectorMatchCardinality.OneToMany)
            {
                sb.Append(vm.Card == VectorMatchCardinality.ManyToOne ? " group_left (" : " group_right (");
                WriteLabels(sb, vm.Include);
                sb.Append(')');
            }
        }
        if (vm is not null) WriteFill(sb, vm);
        sb.Append(' ');
        Write(sb, b.Rhs);
    }

    private static void WriteFill(StringBuilder sb, VectorMatching vm)
    {
        if (vm.FillLeft is { } both && vm.FillRight is { } right && (both.Equals(right)))
        {
            sb.Append(" fill(").Append(GoFormat.Float(both)).Append(')');
            return;
        }
        if (vm.FillLeft is { } l) sb.Append(" fill_left(").Append(GoFormat.Float(l)).Append(')');
        if (vm.FillRight is { } r) sb.Append(" fill_right(").Append(GoFormat.Float(r)).Append(')');
    }

    private static void WriteAggregate(StringBuilder sb, AggregateExpr a)
    {
        sb.Append(a.Op.Name());
        if (a.Without || a.Grouping.Count > 0)
        {
            sb.Append(a.Without ? " without (" : " by (");
            WriteLabels(sb, a.Grouping);
            sb.Append(") ");
        }
        sb.Append('(');
        if (a.Param is not null)
        {
            Write(sb, a.Param);
            sb.Append(", ");
        }
        Write(sb, a.Expr);
        sb.Append(')');
    }

    /// <summary>
    /// <c>name{matchers}</c> without the name matcher implied by the name; a name that is not a
    /// legacy metric name moves into the braces, quoted (<c>{"my.metric", a="b"}</c>).
    /// </summary>
    private static void WriteSelector(StringBuilder sb, VectorSelector v)
    {
        var parts = new List<string>(v.Matchers.Count);
        bool nameInside = v.Name is { Length: > 0 } && !LabelNames.IsValidMetricName(v.Name);
        if (nameInside) parts.Add(GoFormat.Quote(v.Name!));
        foreach (LabelMatcher m in v.Matchers)
        {
            if (m.Name == LabelNames.MetricName && m.Type == MatcherType.Equal && m.Value == v.Name && m.Value.Length > 0) continue;
            parts.Add(MatcherText(m));
        }
        if (!nameInside && v.Name is not null) sb.Append(v.Name);
        if (parts.Count > 0 || v.Name is null) sb.Append('{').AppendJoin(", ", parts).Append('}');
    }

    private static string MatcherText(LabelMatcher m)
    {
        string op = m.Type switch
        {
            MatcherType.Equal => "=",
            MatcherType.NotEqual => "!=",
            MatcherType.Regex => "=~",
            _ => "!~",
        };
        string name = LabelNames.IsValidLabelName(m.Name) ? m.Name : GoFormat.Quote(m.Name);
        return name + op + GoFormat.Quote(m.Value);
    }

    private static void WriteLabels(StringBuilder sb, IReadOnlyList<string> labels)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(LabelNames.IsValidLabelName(labels[i]) ? labels[i] : GoFormat.Quote(labels[i]));
        }
    }

    private static void WriteList(StringBuilder sb, IReadOnlyList<Expr> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            Write(sb, items[i]);
        }
    }

    private static void WriteAt(StringBuilder sb, AtModifierKind kind, long ms)
    {
        switch (kind)
        {
            case AtModifierKind.Timestamp:
                sb.Append(" @ ").Append((ms / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
                break;
            case AtModifierKind.Start:
                sb.Append(" @ start()");
                break;
            case AtModifierKind.End:
                sb.Append(" @ end()");
                break;
        }
    }

    private static void WriteOffset(StringBuilder sb, long ms, DurationExpr? expr)
    {
        if (expr is not null)
        {
            sb.Append(" offset ");
            // offset takes one signed operand, so arithmetic must stay parenthesised to read back the same.
            bool wrap = expr.Op is DurationOp.Add or DurationOp.Sub or DurationOp.Mul or DurationOp.Div
                or DurationOp.Mod or DurationOp.Pow;
            if (wrap) sb.Append('(');
            WriteDuration(sb, expr);
            if (wrap) sb.Append(')');
            return;
        }
        if (ms > 0) sb.Append(" offset ").Append(PromDuration.Format(ms));
        else if (ms < 0) sb.Append(" offset -").Append(PromDuration.Format(-ms));
    }

    private static void WriteRangeModifiers(StringBuilder sb, VectorSelector v)
    {
        if (v.Anchored) sb.Append(" anchored");
        if (v.Smoothed) sb.Append(" smoothed");
    }

    private static void WriteDurationOrMs(StringBuilder sb, DurationExpr? expr, long ms)
    {
        if (expr is not null) WriteDuration(sb, expr);
        else sb.Append(PromDuration.Format(ms));
    }

    private static void WriteDuration(StringBuilder sb, DurationExpr d)
    {
        switch (d.Op)
        {
            case DurationOp.Literal:
                sb.Append(d.IsDuration ? FormatDurationSeconds(d.Value) : GoFormat.Float(d.Value));
                return;
            case DurationOp.Step:
                sb.Append("step()");
                return;
            case DurationOp.Range:
                sb.Append("range()");
                return;
            case DurationOp.Start:
                sb.Append("start()");
                return;
            case DurationOp.End:
                sb.Append("end()");
                return;
            case DurationOp.Negate or DurationOp.Plus:
                sb.Append(d.Op == DurationOp.Negate ? '-' : '+');
                WriteDuration(sb, d.Lhs!);
                return;
            case DurationOp.Paren:
                sb.Append('(');
                WriteDuration(sb, d.Lhs!);
                sb.Append(')');
                return;
            case DurationOp.MinOf or DurationOp.MaxOf:
                sb.Append(d.Op == DurationOp.MinOf ? "min_of(" : "max_of(");
                WriteDuration(sb, d.Lhs!);
                sb.Append(", ");
                WriteDuration(sb, d.Rhs!);
                sb.Append(')');
                return;
        }
        WriteDuration(sb, d.Lhs!);
        sb.Append(d.Op switch
        {
            DurationOp.Add => " + ",
            DurationOp.Sub => " - ",
            DurationOp.Mul => " * ",
            DurationOp.Div => " / ",
            DurationOp.Mod => " % ",
            _ => " ^ ",
        });
        WriteDuration(sb, d.Rhs!);
    }

    private static string FormatDurationSeconds(double seconds)
    {
        long ms = (long)Math.Round(seconds * 1000);
        return ms < 0 ? "-" + PromDuration.Format(-ms) : PromDuration.Format(ms);
    }
}
