using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Conformance;

/// <summary>The runner's own pieces: value notation, script parsing, comparison and the known-failures check.</summary>
public class ConformanceRunnerTests
{
    private static readonly LabelSet Series = LabelSet.FromPairs("__name__", "m", "a", "x");

    [Fact]
    public void Value_sequences_expand_like_upstream()
    {
        Assert.Equal([0, 10, 20, 30], Floats("0+10x3"));
        Assert.Equal([99, 98, 97], Floats("99-1x2"));
        Assert.Equal([1, 1, 1], Floats("1x2"));
        Assert.Equal(60, Floats("0x59").Length);  // hexadecimal is off: 0 repeated 60 times
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, 0.5, 2], Floats("+Inf -inf .5 2."));
        List<SequenceValue> gaps = ValueSequenceParser.Parse("_ _x2 1 stale");
        Assert.Equal([true, true, true, false, false], gaps.Select(v => v.Omitted));
        Assert.True(StaleMarker.IsStale(gaps[4].Value));
        List<SequenceValue> h = ValueSequenceParser.Parse("{{schema:1 sum:3 count:22 buckets:[5 10 7]}}x1 {{count:0}}+{{count:1}}x2 _");
        Assert.Equal(6, h.Count);
        Assert.Equal(5, h.Count(v => v.IsHistogram));
    }

    [Fact]
    public void Script_parser_reads_bodies_expectations_and_deprecated_forms()
    {
        TestScript script = TestScriptParser.Parse("t.test", """
            load 1m
              m{a="x"} 1 2 3
            # comment
            eval instant at 2m m
              expect no_warn
              expect fail msg: boom
              m{a="x"} 3
            # a comment ends the body
            eval range from 0 to 2m step 1m m
              m{a="x"} 1 _ 3

            eval_fail instant at 0 m

            eval instant at 1m 1
              2
            eval instant at 1m "a"
              expect string `a`

            eval instant at 1m m[2m]
              expect range vector from 0 to 1m step 1m
              m{a="x"} 1 2

            clear
            """);
        Assert.Equal([typeof(LoadCommand), typeof(EvalCommand), typeof(EvalCommand), typeof(EvalCommand), typeof(EvalCommand),
            typeof(EvalCommand), typeof(EvalCommand), typeof(ClearCommand)], script.Commands.Select(c => c.GetType()));
        var evals = script.Commands.OfType<EvalCommand>().ToList();
        Assert.All(evals, e => Assert.Null(e.ParseError));
        Assert.Equal((4, 120_000L, "boom"), (evals[0].Line, evals[0].EvalTimeMs, evals[0].Expects[ExpectKind.Fail][0].Message));
        Assert.Equal(1, evals[0].Expected[Series].Position);
        Assert.True(evals[1].IsRange);
        Assert.Equal([false, true, false], evals[1].Expected[Series].Values.Select(v => v.Omitted));
        Assert.True(evals[2].IsFail);
        Assert.True(evals[3].ExpectScalar);
        Assert.Equal("a", evals[4].ExpectedString);
        Assert.Equal((0L, 60_000L, 60_000L), (evals[5].StartMs, evals[5].EndMs, evals[5].EvalTimeMs));
        Assert.Equal(3, ((LoadCommand)script.Commands[0]).Series[Series].Count);
    }

    [Fact]
    public void Floats_compare_with_relative_tolerance_and_exact_staleness()
    {
        Assert.True(ResultComparer.AlmostEqual(1, 1 + 1e-9));
        Assert.False(ResultComparer.AlmostEqual(1, 1.001));
        Assert.True(ResultComparer.AlmostEqual(double.NaN, double.NaN));
        Assert.False(ResultComparer.AlmostEqual(double.NaN, StaleMarker.Value));
        Assert.True(ResultComparer.AlmostEqual(StaleMarker.Value, StaleMarker.Value));
        Assert.False(ResultComparer.AlmostEqual(0, 1e-300));
    }

    [Fact]
    public void An_instant_eval_must_also_hold_as_a_range_query_and_with_at_pinned()
    {
        const string script = """
            load 1m
              m{a="x"} 1 2 3

            eval instant at 2m m
              m{a="x"} 3
            """;
        var queries = new List<string>();
        FileResult good = Run(script, new CannedEngine(3, queries));
        Assert.Equal(EvalOutcome.Passed, Assert.Single(good.Evals).Outcome);
        Assert.Contains(queries, q => q.Contains("@ 120", StringComparison.Ordinal));

        FileResult wrongInRangeMode = Run(script, new CannedEngine(3, [], rangeValue: 4));
        EvalResult r = Assert.Single(wrongInRangeMode.Evals);
        Assert.Equal(EvalOutcome.Failed, r.Outcome);
        Assert.StartsWith("range mode: expected 3 for m{a=\"x\"} but got 4", r.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_histogram_evals_are_skipped_and_parse_errors_never_satisfy_a_bare_expect_fail()
    {
        FileResult result = Run("""
            load 1m
              h {{count:1}} {{count:2}}
              m 1

            eval instant at 1m h

            eval instant at 1m m +
              expect fail
            """, new CannedEngine(1, []));
        Assert.Equal(EvalOutcome.SkippedNativeHistogram, result.Evals[0].Outcome);
        Assert.Equal(EvalOutcome.Failed, result.Evals[1].Outcome);
        Assert.StartsWith("does not parse", result.Evals[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Known_failures_flag_new_failures_and_fixed_entries()
    {
        var result = new FileResult("f.test",
        [
            new EvalResult("f.test", 1, "a", EvalOutcome.Failed, "boom"),
            new EvalResult("f.test", 2, "b", EvalOutcome.Passed, null),
            new EvalResult("f.test", 3, "c", EvalOutcome.Failed, "known"),
        ], 0, 0, TimeSpan.Zero);
        var known = new Dictionary<string, string> { ["f.test:2"] = "was broken", ["f.test:3"] = "known", ["g.test:1"] = "other file" };
        List<string> problems = KnownFailures.Compare(result, known);
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("NEW FAILURE f.test:1", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("FIXED BUT STILL LISTED f.test:2", problems[1], StringComparison.Ordinal);
    }

    private static double[] Floats(string text) => [.. ValueSequenceParser.Parse(text).Select(v => v.Value)];

    private static FileResult Run(string script, IQueryEngine engine) =>
        ScriptRunner.Run(TestScriptParser.Parse("t.test", script), _ => engine);

    /// <summary>Answers every query with the one series <c>m{a="x"}</c> at a fixed value.</summary>
    private sealed class CannedEngine(double value, List<string> queries, double? rangeValue = null) : IQueryEngine
    {
        public QueryValue InstantQuery(string query, long timeMs, CancellationToken ct = default)
        {
            queries.Add(query);
            return new VectorValue([new VectorSample(Series, timeMs, value)]);
        }

        public MatrixValue RangeQuery(string query, long startMs, long endMs, long stepMs, CancellationToken ct = default)
        {
            var points = new List<Sample>();
            for (long t = startMs; t <= endMs; t += stepMs) points.Add(new Sample(t, rangeValue ?? value));
            return new MatrixValue([new ArraySeries(Series, [.. points])]);
        }
    }
}
