namespace Metrics.Query.Tests.Conformance;

/// <summary>How one eval of a script ended.</summary>
internal enum EvalOutcome
{
    Passed,
    Failed,
    SkippedNativeHistogram,
}

/// <summary>The outcome of one eval, keyed by file and the line of its header.</summary>
internal sealed record EvalResult(string File, int Line, string Expr, EvalOutcome Outcome, string? Reason)
{
    /// <summary>An instant eval whose upstream <c>@</c> re-runs were due but could not be built from its AST.</summary>
    public bool AtChecksNotRun { get; init; }

    public string Key => $"{File}:{Line}";
}

/// <summary>All eval outcomes of one script, with counts for the report.</summary>
internal sealed record FileResult(string File, IReadOnlyList<EvalResult> Evals, int LoadErrors, int IgnoredStartTimestampLines, TimeSpan Elapsed)
{
    public int Total => Evals.Count;

    public int Passed => Count(EvalOutcome.Passed);

    public int Failed => Count(EvalOutcome.Failed);

    public int Skipped => Count(EvalOutcome.SkippedNativeHistogram);

    public int AtChecksNotRun => Evals.Count(e => e.AtChecksNotRun);

    private int Count(EvalOutcome o) => Evals.Count(e => e.Outcome == o);
}
