using Metrics.Store.Labels;

namespace Metrics.Query.Tests.Conformance;

/// <summary>An <c>eval instant</c> or <c>eval range</c> command with everything its body expects.</summary>
internal sealed record EvalCommand(int Line, string Expr, bool IsRange) : ScriptCommand(Line)
{
    /// <summary>Instant: the evaluation time (the <c>expect range vector</c> end when given). Range: unused.</summary>
    public long EvalTimeMs { get; set; }

    /// <summary>First step of a range query, or of an instant query's expected range vector.</summary>
    public long StartMs { get; set; }

    /// <summary>
    /// Last step; for an instant query without <c>expect range vector</c> this is <see cref="long.MinValue"/>,
    /// so a matrix result can only match an empty expectation, as upstream.
    /// </summary>
    public long EndMs { get; set; } = long.MinValue;

    public long StepMs { get; set; }

    /// <summary>Set by the deprecated command words <c>eval_fail</c>, <c>eval_warn</c>, <c>eval_info</c>, <c>eval_ordered</c>.</summary>
    public string? DeprecatedModifier { get; set; }

    public string? ExpectedFailMessage { get; set; }

    public System.Text.RegularExpressions.Regex? ExpectedFailRegex { get; set; }

    public Dictionary<ExpectKind, List<Expectation>> Expects { get; } = [];

    /// <summary>True when the body is a bare number: the result must be that scalar.</summary>
    public bool ExpectScalar { get; set; }

    public double ExpectedScalar { get; set; }

    /// <summary>Expected series with their 1-based position among the result lines and their values.</summary>
    public Dictionary<LabelSet, (int Position, List<SequenceValue> Values)> Expected { get; } = [];

    public string? ExpectedString { get; set; }

    /// <summary>Set for <c>expect range vector</c> and <c>expect string</c>: no range-mode re-run.</summary>
    public bool ExcludeFromRangeQuery { get; set; }

    /// <summary>An expected value is a native histogram literal.</summary>
    public bool ExpectsHistogram { get; set; }

    /// <summary>Why the body could not be parsed; the eval then fails with this reason.</summary>
    public string? ParseError { get; set; }

    public bool IsFail => DeprecatedModifier == "fail" || Has(ExpectKind.Fail);

    public bool IsOrdered => DeprecatedModifier == "ordered" || Has(ExpectKind.Ordered);

    public bool ExpectsWarnings => DeprecatedModifier == "warn" || Has(ExpectKind.Warn);

    public bool ExpectsInfos => DeprecatedModifier == "info" || Has(ExpectKind.Info);

    public bool Has(ExpectKind kind) => Expects.TryGetValue(kind, out var list) && list.Count > 0;

    public void Add(ExpectKind kind, Expectation e)
    {
        if (!Expects.TryGetValue(kind, out var list)) Expects[kind] = list = [];
        list.Add(e);
    }

    public override string ToString() => $"line {Line}: {Expr}";
}
