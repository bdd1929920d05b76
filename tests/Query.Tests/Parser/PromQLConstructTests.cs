using Metrics.Query.Ast;
using Metrics.Query.Parser;
using Metrics.Store.Labels;

namespace Metrics.Query.Tests.Parser;

public class PromQLConstructTests
{
    [Fact]
    public void Aggregations_take_grouping_before_or_after_the_arguments()
    {
        var before = Assert.IsType<AggregateExpr>(PromQLParser.Parse("sum by (job, \"a.b\") (x)"));
        var after = Assert.IsType<AggregateExpr>(PromQLParser.Parse("sum(x) by (job, \"a.b\",)"));
        Assert.Equal(["job", "a.b"], before.Grouping);
        Assert.Equal(before.Grouping, after.Grouping);
        var without = Assert.IsType<AggregateExpr>(PromQLParser.Parse("avg without (instance) (x)"));
        Assert.True(without.Without);
        var topk = Assert.IsType<AggregateExpr>(PromQLParser.Parse("topk(3, x)"));
        Assert.Equal(AggregateOp.Topk, topk.Op);
        Assert.Equal(3, Assert.IsType<NumberLiteral>(topk.Param).Value);
        var countValues = Assert.IsType<AggregateExpr>(PromQLParser.Parse("count_values(\"v\", x)"));
        Assert.Equal("v", Assert.IsType<StringLiteral>(countValues.Param).Value);
        Assert.Equal(AggregateOp.LimitRatio, Assert.IsType<AggregateExpr>(PromQLParser.Parse("limit_ratio(0.5, x)")).Op);
    }

    [Fact]
    public void Vector_matching_modifiers_are_parsed()
    {
        var b = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a * on (x, y) group_left (z) b"));
        VectorMatching m = b.Matching!;
        Assert.True(m.On);
        Assert.Equal(["x", "y"], m.MatchingLabels);
        Assert.Equal(VectorMatchCardinality.ManyToOne, m.Card);
        Assert.Equal(["z"], m.Include);
        var right = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a / ignoring (x) group_right b"));
        Assert.False(right.Matching!.On);
        Assert.Equal(VectorMatchCardinality.OneToMany, right.Matching.Card);
        Assert.Empty(right.Matching.Include);
        Assert.Equal(VectorMatchCardinality.ManyToMany, Assert.IsType<BinaryExpr>(PromQLParser.Parse("a and b")).Matching!.Card);
        Assert.Null(Assert.IsType<BinaryExpr>(PromQLParser.Parse("a + 1")).Matching);
        Assert.True(Assert.IsType<BinaryExpr>(PromQLParser.Parse("a > bool 1")).ReturnBool);
    }

    [Fact]
    public void Fill_modifiers_set_the_values_for_missing_sides()
    {
        VectorMatching both = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a + fill(0) b")).Matching!;
        Assert.Equal((0.0, 0.0), (both.FillLeft, both.FillRight));
        VectorMatching sides = Assert.IsType<BinaryExpr>(PromQLParser.Parse("a + on (x) group_left fill_left(5) fill_right(-Inf) b")).Matching!;
        Assert.Equal(5.0, sides.FillLeft);
        Assert.Equal(double.NegativeInfinity, sides.FillRight);
        Assert.True(double.IsNaN(Assert.IsType<BinaryExpr>(PromQLParser.Parse("a == bool fill(NaN) b")).Matching!.FillLeft!.Value));
    }

    [Fact]
    public void Functions_are_looked_up_in_the_catalogue()
    {
        var call = Assert.IsType<Call>(PromQLParser.Parse("label_join(x, \"dst\", \",\", \"a\", \"b\")"));
        Assert.Equal("label_join", call.Func.Name);
        Assert.Equal(5, call.Args.Count);
        Assert.Equal(Ast.ValueType.Scalar, PromQLParser.Parse("time()").Type);
        Assert.Equal(Ast.ValueType.Vector, PromQLParser.Parse("round(x)").Type);
        Assert.True(Ast.Functions.All["info"].Experimental);
        Assert.Equal(int.MaxValue, Ast.Functions.All["label_join"].MaxArgs);
        // info()'s label selector may match every series.
        Assert.IsType<Call>(PromQLParser.Parse("info(x, {data=~\".*\"})"));
    }

    [Fact]
    public void Selector_modifiers_are_parsed_in_any_order()
    {
        var v = Assert.IsType<VectorSelector>(PromQLParser.Parse("x offset 5m @ 100.5"));
        Assert.Equal((300_000L, AtModifierKind.Timestamp, 100_500L), (v.OffsetMs, v.At, v.AtMs));
        var w = Assert.IsType<VectorSelector>(PromQLParser.Parse("x @ start() offset -1m"));
        Assert.Equal((-60_000L, AtModifierKind.Start), (w.OffsetMs, w.At));
        var m = Assert.IsType<MatrixSelector>(PromQLParser.Parse("x[5m] @ end() anchored"));
        Assert.Equal((AtModifierKind.End, true), (m.Selector.At, m.Selector.Anchored));
        Assert.True(Assert.IsType<VectorSelector>(PromQLParser.Parse("x @ 100s smoothed")).Smoothed);
        Assert.Equal(100_000, Assert.IsType<VectorSelector>(PromQLParser.Parse("x @ 1m40s")).AtMs);
    }

    [Fact]
    public void Subqueries_have_range_optional_step_and_modifiers()
    {
        var s = Assert.IsType<SubqueryExpr>(PromQLParser.Parse("rate(x[5m])[1h:1m] offset 10m @ 50"));
        Assert.Equal((3_600_000L, 60_000L, 600_000L, 50_000L), (s.RangeMs, s.StepMs, s.OffsetMs, s.AtMs));
        Assert.Equal(0, Assert.IsType<SubqueryExpr>(PromQLParser.Parse("x[5m:]")).StepMs);
        var nested = Assert.IsType<SubqueryExpr>(PromQLParser.Parse("deriv(rate(x[1m])[5m:1m])[10m:]"));
        Assert.IsType<Call>(nested.Expr);
    }

    [Fact]
    public void Duration_expressions_fold_when_constant_and_stay_when_they_need_the_query()
    {
        var m = Assert.IsType<MatrixSelector>(PromQLParser.Parse("x[2m * (10 + 5)]"));
        Assert.Equal(1_800_000, m.RangeMs);
        Assert.NotNull(m.RangeExpr);
        Assert.Equal(1_800_000, Assert.IsType<MatrixSelector>(PromQLParser.Parse("x[1800]")).RangeMs);
        var stepped = Assert.IsType<MatrixSelector>(PromQLParser.Parse("x[step() + 1ms]"));
        Assert.Equal(0, stepped.RangeMs);
        Assert.Equal(10_001, stepped.RangeExpr!.EvaluateMilliseconds(10_000, 0));
        var v = Assert.IsType<VectorSelector>(PromQLParser.Parse("x offset (20 * 500ms)"));
        Assert.Equal(10_000, v.OffsetMs);
        var minOf = Assert.IsType<VectorSelector>(PromQLParser.Parse("x offset min_of(range(), 8s)"));
        Assert.Equal(5_000, minOf.OffsetExpr!.EvaluateMilliseconds(1_000, 5_000));
        Assert.IsType<DurationExpr>(PromQLParser.Parse("step()"));
        Assert.Equal(Ast.ValueType.Scalar, PromQLParser.Parse("end() - start()").Type);
    }

    [Fact]
    public void Literals_cover_hex_inf_nan_durations_and_strings()
    {
        Assert.Equal(255, Assert.IsType<NumberLiteral>(PromQLParser.Parse("0xff")).Value);
        Assert.True(double.IsNaN(Assert.IsType<NumberLiteral>(PromQLParser.Parse("nan")).Value));
        Assert.Equal(double.NegativeInfinity, Assert.IsType<NumberLiteral>(PromQLParser.Parse("-Inf")).Value);
        var d = Assert.IsType<NumberLiteral>(PromQLParser.Parse("1h30m"));
        Assert.Equal((5400.0, true), (d.Value, d.IsDuration));
        Assert.Equal("a\tb", Assert.IsType<StringLiteral>(PromQLParser.Parse("'a\\tb'")).Value);
        // Go's \x and octal escapes are bytes: a run decodes as UTF-8, invalid bytes as U+FFFD.
        Assert.Equal("é!", Assert.IsType<StringLiteral>(PromQLParser.Parse("\"\\xc3\\251!\"")).Value);
        Assert.Equal("a\uFFFDz", Assert.IsType<StringLiteral>(PromQLParser.Parse("\"a\\xc5z\"")).Value);
        Assert.Equal(3, Assert.IsType<NumberLiteral>(PromQLParser.Parse("# comment\n  3 # trailing")).Value);
    }

    [Fact]
    public void Quoted_utf8_names_select_metrics_and_labels()
    {
        var v = Assert.IsType<VectorSelector>(PromQLParser.Parse("{\"my.metric\", \"a.b\"=\"x\"}"));
        Assert.Equal("my.metric", v.Name);
        Assert.Contains(v.Matchers, m => m.Name == "a.b" && m.Type == MatcherType.Equal && m.Value == "x");
        Assert.Contains(v.Matchers, m => m.Name == LabelNames.MetricName && m.Value == "my.metric");
    }

    [Fact]
    public void Parenthesised_and_unary_expressions_keep_their_nodes()
    {
        var p = Assert.IsType<ParenExpr>(PromQLParser.Parse("(x)"));
        Assert.IsType<VectorSelector>(p.Expr);
        var u = Assert.IsType<UnaryExpr>(PromQLParser.Parse("-x"));
        Assert.Equal(BinaryOp.Sub, u.Op);
        Assert.Equal(Ast.ValueType.Vector, u.Type);
    }
}
