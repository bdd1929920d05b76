using System.Text.Json;
using Metrics.Query.Ast;
using Metrics.Query.Engine;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Http;

/// <summary>
/// The parsed expression as JSON for <c>/api/v1/parse_query</c>, in the shape Prometheus 3's UI
/// tree view reads: one object per node with a <c>type</c> (aggregation, binaryExpr, call,
/// matrixSelector, subquery, numberLiteral, parenExpr, stringLiteral, unaryExpr, vectorSelector).
/// Keys are written in sorted order, as Go's JSON encoder writes map keys. Durations are milliseconds.
/// </summary>
internal static class AstJsonWriter
{
    public static void Write(Utf8JsonWriter w, Expr expr)
    {
        switch (expr)
        {
            case AggregateExpr a:
                w.WriteStartObject();
                w.WritePropertyName("expr");
                Write(w, a.Expr);
                WriteStrings(w, "grouping", a.Grouping);
                w.WriteString("op", a.Op.Name());
                w.WritePropertyName("param");
                if (a.Param is null) w.WriteNullValue();
                else Write(w, a.Param);
                w.WriteString("type", "aggregation");
                w.WriteBoolean("without", a.Without);
                w.WriteEndObject();
                break;
            case BinaryExpr b:
                w.WriteStartObject();
                w.WriteBoolean("bool", b.ReturnBool);
                w.WritePropertyName("lhs");
                Write(w, b.Lhs);
                w.WritePropertyName("matching");
                WriteMatching(w, b.Matching);
                w.WriteString("op", b.Op.Text());
                w.WritePropertyName("rhs");
                Write(w, b.Rhs);
                w.WriteString("type", "binaryExpr");
                w.WriteEndObject();
                break;
            case Call c:
                w.WriteStartObject();
                w.WriteStartArray("args");
                foreach (Expr arg in c.Args) Write(w, arg);
                w.WriteEndArray();
                w.WriteStartObject("func");
                w.WriteStartArray("argTypes");
                foreach (Ast.ValueType t in c.Func.ArgTypes) w.WriteStringValue(t.ApiName());
                w.WriteEndArray();
                w.WriteString("name", c.Func.Name);
                w.WriteString("returnType", c.Func.ReturnType.ApiName());
                w.WriteNumber("variadic", c.Func.Variadic);
                w.WriteEndObject();
                w.WriteString("type", "call");
                w.WriteEndObject();
                break;
            case MatrixSelector m:
                WriteSelector(w, m.Selector, "matrixSelector", m.RangeExpr is { } re ? ConstantMs(re) : m.RangeMs);
                break;
            case SubqueryExpr s:
                w.WriteStartObject();
                // Prometheus's flag for subqueries it aligned to the evaluation time itself; a parsed query never has it.
                w.WriteBoolean("alignEvalTime", false);
                w.WritePropertyName("expr");
                Write(w, s.Expr);
                w.WriteNumber("offset", s.OffsetExpr is { } oe ? ConstantMs(oe) : s.OffsetMs);
                w.WriteNumber("range", s.RangeExpr is { } re2 ? ConstantMs(re2) : s.RangeMs);
                WriteAt(w, s.At, s.AtMs);
                w.WriteNumber("step", s.StepExpr is { } se ? ConstantMs(se) : s.StepMs);
                w.WriteString("type", "subquery");
                w.WriteEndObject();
                break;
            case NumberLiteral n:
                WriteNumber(w, n.Value);
                break;
            case DurationExpr d when d.IsConstant:
                WriteNumber(w, d.EvaluateSeconds(0, 0));
                break;
            case ParenExpr p:
                w.WriteStartObject();
                w.WritePropertyName("expr");
                Write(w, p.Expr);
                w.WriteString("type", "parenExpr");
                w.WriteEndObject();
                break;
            case StringLiteral s:
                w.WriteStartObject();
                w.WriteString("type", "stringLiteral");
                w.WriteString("val", s.Value);
                w.WriteEndObject();
                break;
            case UnaryExpr u:
                w.WriteStartObject();
                w.WritePropertyName("expr");
                Write(w, u.Expr);
                w.WriteString("op", u.Op.Text());
                w.WriteString("type", "unaryExpr");
                w.WriteEndObject();
                break;
            case VectorSelector v:
                WriteSelector(w, v, "vectorSelector", range: null);
                break;
            default:
                throw new QueryException(QueryErrorType.BadData, $"invalid parameter \"query\": the tree view cannot show a {expr.GetType().Name} node");
        }
    }

    /// <summary>Prometheus writes a number literal's value as a string: shortest digits, never an exponent.</summary>
    private static void WriteNumber(Utf8JsonWriter w, double value)
    {
        w.WriteStartObject();
        w.WriteString("type", "numberLiteral");
        w.WriteString("val", PromFloat.FormatFixed(value));
        w.WriteEndObject();
    }

    private static void WriteSelector(Utf8JsonWriter w, VectorSelector v, string type, long? range)
    {
        w.WriteStartObject();
        w.WriteBoolean("anchored", v.Anchored);
        w.WriteStartArray("matchers");
        // Prometheus appends the matcher for a name written before the braces after the others.
        LabelMatcher? nameMatcher = v.Name is null ? null : v.Matchers.FirstOrDefault(m => m.Name == LabelNames.MetricName && m.Type == MatcherType.Equal && m.Value == v.Name);
        foreach (LabelMatcher m in v.Matchers)
            if (!ReferenceEquals(m, nameMatcher)) WriteMatcher(w, m);
        if (nameMatcher is not null) WriteMatcher(w, nameMatcher);
        w.WriteEndArray();
        w.WriteString("name", v.Name ?? "");
        w.WriteNumber("offset", v.OffsetExpr is { } oe ? ConstantMs(oe) : v.OffsetMs);
        if (range is { } r) w.WriteNumber("range", r);
        w.WriteBoolean("smoothed", v.Smoothed);
        WriteAt(w, v.At, v.AtMs);
        w.WriteString("type", type);
        w.WriteEndObject();
    }

    /// <summary><c>startOrEnd</c> ("start", "end" or null) and <c>timestamp</c> (ms or null), in key order around the caller's keys.</summary>
    private static void WriteAt(Utf8JsonWriter w, AtModifierKind at, long atMs)
    {
        w.WritePropertyName("startOrEnd");
        switch (at)
        {
            case AtModifierKind.Start: w.WriteStringValue("start"); break;
            case AtModifierKind.End: w.WriteStringValue("end"); break;
            default: w.WriteNullValue(); break;
        }
        w.WritePropertyName("timestamp");
        if (at == AtModifierKind.Timestamp) w.WriteNumberValue(atMs);
        else w.WriteNullValue();
    }

    private static void WriteMatcher(Utf8JsonWriter w, LabelMatcher m)
    {
        w.WriteStartObject();
        w.WriteString("name", m.Name);
        w.WriteString("type", m.Type switch
        {
            MatcherType.Equal => "=",
            MatcherType.NotEqual => "!=",
            MatcherType.Regex => "=~",
            _ => "!~",
        });
        w.WriteString("value", m.Value);
        w.WriteEndObject();
    }

    private static void WriteMatching(Utf8JsonWriter w, VectorMatching? m)
    {
        if (m is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("card", m.Card switch
        {
            VectorMatchCardinality.OneToOne => "one-to-one",
            VectorMatchCardinality.ManyToOne => "many-to-one",
            VectorMatchCardinality.OneToMany => "one-to-many",
            _ => "many-to-many",
        });
        w.WriteStartObject("fillValues");
        WriteOptional(w, "lhs", m.FillLeft);
        WriteOptional(w, "rhs", m.FillRight);
        w.WriteEndObject();
        WriteStrings(w, "include", m.Include);
        WriteStrings(w, "labels", m.MatchingLabels);
        w.WriteBoolean("on", m.On);
        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        w.WritePropertyName(name);
        if (value is not { } v) w.WriteNullValue();
        else if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(PromFloat.FormatFixed(v));
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string s in values) w.WriteStringValue(s);
        w.WriteEndArray();
    }

    /// <summary>A duration expression's value in ms when it is constant; 0 when it needs the query's step or range, as Prometheus leaves it unresolved.</summary>
    private static long ConstantMs(DurationExpr d) => d.IsConstant ? (long)Math.Round(d.EvaluateSeconds(0, 0) * 1000) : 0;
}
