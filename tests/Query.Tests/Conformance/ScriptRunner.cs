using System.Diagnostics;
using System.Text.RegularExpressions;
using Metrics.Query.Ast;
using Metrics.Query.Engine;
using Metrics.Query.Parser;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// Executes a parsed script against a fresh <see cref="MemoryStorage"/> and <see cref="QueryEngine"/>, with
/// the extra checks of upstream's runner: each instant eval is re-run as a range query (t-1m..t+1m, step 1m)
/// and its middle step must give the same result.
/// </summary>
/// <remarks>
/// Each instant eval is also re-run with <c>@ t</c> pinned on every selector and subquery
/// (<see cref="AtModifierRewriter"/>) at other evaluation times, unless it uses a time-dependent function.
/// When the parsed query holds a node type the rewriter does not know, those re-runs are skipped and the
/// eval is flagged <see cref="EvalResult.AtChecksNotRun"/>.
/// Native histogram samples are not loaded (the store holds floats only) and evals that touch a metric
/// with histogram samples, or expect a histogram, are skipped and counted separately.
/// </remarks>
internal sealed partial class ScriptRunner
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(10);
    private const long RangeModeStepMs = 60_000;

    private readonly string _file;
    private readonly HashSet<string> _histogramMetrics = new(StringComparer.Ordinal);
    private readonly HashSet<LabelSet> _histogramSeries = [];
    private readonly List<string> _loadErrors = [];
    private readonly Func<IStorage, IQueryEngine> _newEngine;
    private MemoryStorage _storage = new();
    private IQueryEngine _engine;

    private ScriptRunner(string file, Func<IStorage, IQueryEngine> newEngine)
    {
        _file = file;
        _newEngine = newEngine;
        _engine = newEngine(_storage);
    }

    /// <summary>Queries whose result depends on the query's own range: no range-mode re-run (upstream's rule).</summary>
    [GeneratedRegex(@"(start|end|range|step)\(\)")]
    private static partial Regex QueryContextFunctions();

    /// <summary>Functions that make upstream skip the <c>@</c> re-runs (<c>AtModifierUnsafeFunctions</c>).</summary>
    [GeneratedRegex(@"\b(days_in_month|day_of_month|day_of_week|day_of_year|hour|minute|month|year|predict_linear|time|timestamp)\s*\(")]
    private static partial Regex AtUnsafeFunctions();

    /// <summary>Runs <paramref name="script"/>; <paramref name="newEngine"/> replaces the product engine in the runner's own tests.</summary>
    public static FileResult Run(TestScript script, Func<IStorage, IQueryEngine>? newEngine = null)
    {
        var clock = Stopwatch.StartNew();
        var runner = new ScriptRunner(script.FileName, newEngine ?? (storage => new QueryEngine(storage, EngineSettings.Options)));
        var results = new List<EvalResult>();
        int loadErrors = 0, ignoredSt = 0;
        foreach (ScriptCommand cmd in script.Commands)
        {
            switch (cmd)
            {
                case ClearCommand:
                    runner.Clear();
                    break;
                case LoadCommand load:
                    loadErrors += load.Errors.Count;
                    ignoredSt += load.IgnoredStartTimestampLines;
                    runner.Load(load);
                    break;
                case EvalCommand ev:
                    results.Add(runner.Evaluate(ev));
                    break;
            }
        }
        return new FileResult(script.FileName, results, loadErrors, ignoredSt, clock.Elapsed);
    }

    private void Clear()
    {
        _storage = new MemoryStorage();
        _engine = _newEngine(_storage);
        _histogramMetrics.Clear();
        _histogramSeries.Clear();
        _loadErrors.Clear();
    }

    private void Load(LoadCommand load)
    {
        _loadErrors.AddRange(load.Errors);
        IAppender app = _storage.CreateAppender();
        foreach ((LabelSet labels, List<SequenceValue> values) in load.Series)
        {
            bool histogram = false;
            for (int i = 0; i < values.Count; i++)
            {
                SequenceValue v = values[i];
                if (v.Omitted) continue;
                if (v.IsHistogram) histogram = true;
                else app.Append(labels, i * load.IntervalMs, v.Value);
            }
            string name = labels.MetricName;
            if (histogram)
            {
                _histogramSeries.Add(labels);
                if (name.Length > 0) _histogramMetrics.Add(name);
            }
            // load_with_nhcb also writes a custom-bucket histogram under the base name of X_bucket/X_count/X_sum.
            if (load.WithNhcb && TryClassicHistogramBase(name, out string baseName))
            {
                _histogramMetrics.Add(baseName);
                _histogramSeries.Add(labels.ToBuilder().Set(LabelNames.MetricName, baseName).Delete("le").Build());
            }
        }
        AppendResult r = app.Commit();
        if (r.Rejected > 0)
            _loadErrors.Add($"line {load.Line}: the store refused {r.OutOfOrder} out-of-order and {r.DuplicateTimestamp} duplicate samples");
    }

    private EvalResult Evaluate(EvalCommand ev)
    {
        bool atDue = !ev.IsRange && !AtUnsafeFunctions().IsMatch(ev.Expr) && !QueryContextFunctions().IsMatch(ev.Expr);
        if (ev.ParseError is { } parseError) return Result(ev, EvalOutcome.Failed, "script: " + parseError);

        // Upstream parses every expression when it reads the file: a parse error is never what an eval tests,
        // so an unsupported syntax must not satisfy a bare "expect fail". An expected message is different:
        // upstream raises some errors (smoothed/anchored misuse) when the query is created, where our parser
        // may reject it already, so the engine's error is compared with the message instead.
        Expr? parsed = null;
        Exception? parseFailure = null;
        try
        {
            parsed = PromQLParser.Parse(ev.Expr);
        }
        catch (Exception e)
        {
            parseFailure = e;
        }
        if (NeedsNativeHistograms(ev, parsed)) return Result(ev, EvalOutcome.SkippedNativeHistogram, null);
        if (_loadErrors.Count > 0) return Result(ev, EvalOutcome.Failed, "load error: " + _loadErrors[0]);
        if (parseFailure is not null && !ExpectsSpecificFailure(ev))
        {
            string what = parseFailure is ParseException ? "does not parse: " : $"parser threw {parseFailure.GetType().Name}: ";
            return Result(ev, EvalOutcome.Failed, what + parseFailure.Message);
        }

        var runs = new List<(string Query, long TimeMs, string Label)> { (ev.Expr, ev.EvalTimeMs, "") };
        bool atNotRun = false;
        if (atDue && parsed is not null)
        {
            string? pinned = null;
            try
            {
                pinned = AtModifierRewriter.Pin(parsed, ev.EvalTimeMs)?.ToString();
            }
            catch (Exception e)
            {
                return Result(ev, EvalOutcome.Failed, $"printing the @-pinned query threw {e.GetType().Name}: {e.Message}");
            }
            if (pinned is null) atNotRun = true;
            else
            {
                foreach (long t in AtModifierRewriter.ExtraEvalTimes(ev.EvalTimeMs))
                    runs.Add((pinned, t, $"@ re-run \"{pinned}\" at {t}ms: "));
            }
        }

        string? problem = null;
        using var timeout = new CancellationTokenSource(QueryTimeout);
        try
        {
            if (ev.IsRange) problem = RunRange(ev, timeout.Token);
            else
            {
                foreach ((string query, long timeMs, string label) in runs)
                {
                    if (RunInstant(ev, query, timeMs, timeout.Token) is not { } p) continue;
                    problem = label + p;
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            problem = $"query timed out after {QueryTimeout.TotalSeconds}s";
        }
        catch (Exception e)
        {
            problem = $"engine threw {e.GetType().Name}: {e.Message}";
        }
        return Result(ev, problem is null ? EvalOutcome.Passed : EvalOutcome.Failed, problem) with { AtChecksNotRun = atNotRun };
    }

    private EvalResult Result(EvalCommand ev, EvalOutcome outcome, string? reason) =>
        new(_file, ev.Line, ev.Expr, outcome, reason is null ? null : SeriesDescription.FirstLine(reason));

    private string? RunRange(EvalCommand ev, CancellationToken ct)
    {
        MatrixValue result;
        try
        {
            result = _engine.RangeQuery(ev.Expr, ev.StartMs, ev.EndMs, ev.StepMs, ct);
        }
        catch (QueryException e)
        {
            return ev.IsFail ? CheckExpectedFailure(ev, e) : "error evaluating range query: " + e.Message;
        }
        if (ev.IsFail) return "expected an error evaluating the query but got none";
        return ResultComparer.Compare(ev, result) ?? CheckAnnotations(ev, result);
    }

    /// <summary>
    /// Upstream's annotation rules: with expect warn/info lines every annotation of that kind must match
    /// one of them and each line some annotation; no_warn/no_info forbid any; otherwise nothing is checked.
    /// </summary>
    private static string? CheckAnnotations(EvalCommand ev, QueryValue result)
        => CheckAnnotations(ev, result.Warnings, ev.ExpectsWarnings, ExpectKind.Warn, ExpectKind.NoWarn, "warning")
            ?? CheckAnnotations(ev, result.Infos, ev.ExpectsInfos, ExpectKind.Info, ExpectKind.NoInfo, "info");

    private static string? CheckAnnotations(EvalCommand ev, IReadOnlyList<string> actual, bool expects, ExpectKind kind, ExpectKind none, string what)
    {
        if (ev.Has(none) && actual.Count > 0) return $"unexpected {what} annotation: {actual[0]}";
        if (!expects) return null;
        if (actual.Count == 0) return $"expected a {what} annotation but got none";
        List<Expectation> expectations = ev.Expects.TryGetValue(kind, out var list) && list.Count > 0 ? list : [Expectation.Any];
        foreach (string a in actual)
            if (!expectations.Exists(e => e.Matches(a))) return $"unexpected {what} annotation: {a}";
        foreach (Expectation e in expectations)
            if (!actual.Any(e.Matches)) return $"expected {what} annotation {e} was not reported (got: {string.Join("; ", actual)})";
        return null;
    }

    /// <summary>One instant run and its range-mode twin, as upstream's <c>runInstantQuery</c>.</summary>
    private string? RunInstant(EvalCommand ev, string query, long t, CancellationToken ct)
    {
        QueryValue result;
        try
        {
            result = _engine.InstantQuery(query, t, ct);
        }
        catch (QueryException e)
        {
            return ev.IsFail ? CheckExpectedFailure(ev, e) : "error evaluating query: " + e.Message;
        }
        if (ev.IsFail) return "expected an error evaluating the query but got none";
        if (ResultComparer.Compare(ev, result) is { } difference) return difference;
        if (CheckAnnotations(ev, result) is { } annotationProblem) return annotationProblem;

        // The same query as a range query around t must give the same answer at its middle step.
        if (ev.ExcludeFromRangeQuery || QueryContextFunctions().IsMatch(query)) return null;
        MatrixValue range;
        try
        {
            range = _engine.RangeQuery(query, t - RangeModeStepMs, t + RangeModeStepMs, RangeModeStepMs, ct);
        }
        catch (QueryException e)
        {
            return "error evaluating query in range mode: " + e.Message;
        }
        if (ev.IsOrdered) return null;  // range results are always sorted by labels
        if (ResultComparer.CheckSorted(range) is { } unsorted) return "range mode: " + unsorted;
        var middle = new List<VectorSample>(range.Series.Count);
        foreach (ArraySeries s in range.Series)
        {
            foreach (Sample p in s.Samples)
            {
                if (p.TimestampMs != t) continue;
                middle.Add(new VectorSample(s.Labels, t, p.Value));
                break;
            }
        }
        string? rangeDifference = result is ScalarValue
            ? middle.Count == 0 ? "no point at the evaluation time" : ResultComparer.CompareScalar(ev, middle[0].Value)
            : ResultComparer.CompareVector(ev, middle);
        return rangeDifference is null ? null : "range mode: " + rangeDifference;
    }

    private static bool ExpectsSpecificFailure(EvalCommand ev) =>
        !string.IsNullOrEmpty(ev.ExpectedFailMessage) || ev.ExpectedFailRegex is not null ||
        (ev.Expects.TryGetValue(ExpectKind.Fail, out var fails) && fails.Count > 0 && fails[0] is not { Message: null, Pattern: null });

    private static string? CheckExpectedFailure(EvalCommand ev, QueryException e)
    {
        string message = e.Message;
        if (!string.IsNullOrEmpty(ev.ExpectedFailMessage) && ev.ExpectedFailMessage != message)
            return $"expected error \"{ev.ExpectedFailMessage}\" but got: {message}";
        if (ev.ExpectedFailRegex is { } regex && !regex.IsMatch(message))
            return $"expected error matching \"{regex}\" but got: {message}";
        if (ev.Expects.TryGetValue(ExpectKind.Fail, out var fails) && fails.Count > 0 && !fails[0].Matches(message))
            return $"expected error matching \"{fails[0]}\" but got: {message}";
        return null;
    }

    /// <summary>
    /// True when the eval expects a histogram, names a metric that has histogram samples now, or has a
    /// selector that matches a series with histogram samples (<c>sum({idx="0"})</c>).
    /// </summary>
    private bool NeedsNativeHistograms(EvalCommand ev, Expr? parsed)
    {
        if (ev.ExpectsHistogram) return true;
        if (_histogramSeries.Count == 0) return false;
        foreach (string name in _histogramMetrics)
        {
            if (ContainsName(ev.Expr, name)) return true;
        }
        var selectors = new List<VectorSelector>();
        if (parsed is null || !AstSelectors.TryCollect(parsed, selectors)) return false;
        foreach (VectorSelector selector in selectors)
        {
            foreach (LabelSet series in _histogramSeries)
            {
                if (selector.Matchers.All(m => m.Matches(series))) return true;
            }
        }
        return false;
    }

    private static bool ContainsName(string expr, string name)
    {
        for (int i = expr.IndexOf(name, StringComparison.Ordinal); i >= 0; i = expr.IndexOf(name, i + 1, StringComparison.Ordinal))
        {
            bool startOk = i == 0 || !IsNameChar(expr[i - 1]);
            int end = i + name.Length;
            bool endOk = end == expr.Length || !IsNameChar(expr[end]);
            if (startOk && endOk) return true;
        }
        return false;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static bool TryClassicHistogramBase(string name, out string baseName)
    {
        foreach (string suffix in (ReadOnlySpan<string>)["_bucket", "_count", "_sum"])
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                baseName = name[..^suffix.Length];
                return true;
            }
        }
        baseName = "";
        return false;
    }
}
