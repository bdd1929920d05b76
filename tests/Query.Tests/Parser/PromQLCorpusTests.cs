using Metrics.Query.Ast;
using Metrics.Query.Parser;

namespace Metrics.Query.Tests.Parser;

/// <summary>Every query of Prometheus's own PromQL test scripts, parsed without evaluation.</summary>
public class PromQLCorpusTests
{
    private static readonly IReadOnlyList<PeerEval> Evals = PeerEvalCorpus.Load();

    [Fact]
    public void Every_query_that_must_not_fail_parses()
    {
        var failures = new List<string>();
        int parsed = 0;
        foreach (PeerEval eval in Evals.Where(e => !e.ExpectFail))
        {
            try
            {
                PromQLParser.Parse(eval.Query);
                parsed++;
            }
            catch (ParseException e)
            {
                failures.Add($"{eval.File}:{eval.Line}: {eval.Query} -> {e.Message}");
            }
        }
        // 2179 of the 2214 evals must succeed; all of them parse.
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(parsed >= 2179, $"only {parsed} queries parsed");
    }

    [Fact]
    public void Queries_that_must_fail_either_parse_or_fail_with_the_expected_message()
    {
        int parseErrors = 0;
        var wrong = new List<string>();
        foreach (PeerEval eval in Evals.Where(e => e.ExpectFail))
        {
            try
            {
                PromQLParser.Parse(eval.Query);
            }
            catch (ParseException e)
            {
                parseErrors++;
                // Prometheus's API reports these as "<pos>: parse error: <msg>"; the script compares the bare message.
                string bare = e.Message[(e.Message.IndexOf("parse error: ", StringComparison.Ordinal) + 13)..];
                if (eval.FailMessage is null || bare != eval.FailMessage)
                    wrong.Add($"{eval.File}:{eval.Line}: {eval.Query} -> {e.Message} (expected {eval.FailMessage ?? "an evaluation error"})");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // Every expected failure in the scripts is an evaluation error: Prometheus reports the
        // anchored/smoothed misuse when the query runs (no position in the message), and so do we.
        Assert.Equal(0, parseErrors);
    }

    [Fact]
    public void Printing_and_reparsing_gives_the_same_tree_for_every_query()
    {
        var mismatches = new List<string>();
        foreach (PeerEval eval in Evals.Where(e => !e.ExpectFail))
        {
            Expr first = PromQLParser.Parse(eval.Query);
            string printed = first.ToString();
            Expr second;
            try
            {
                second = PromQLParser.Parse(printed);
            }
            catch (ParseException e)
            {
                mismatches.Add($"{eval.File}:{eval.Line}: {eval.Query} printed as {printed} -> {e.Message}");
                continue;
            }
            if (!AstComparer.Equal(first, second))
                mismatches.Add($"{eval.File}:{eval.Line}: {eval.Query} printed as {printed} reads back as {second}");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void The_corpus_has_the_expected_size()
    {
        Assert.Equal(2214, Evals.Count);
    }
}
