using Xunit.Abstractions;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// Runs Prometheus's PromQL test scripts (tests/fixtures/peer/promql, see that folder's README) against
/// our engine. Known failures live in known-failures.txt next to this file; a new failure or a fixed but
/// still listed eval fails the build. See <see cref="ConformanceSuite.RegenerateVariable"/> to rewrite the list.
/// </summary>
/// <remarks>
/// Run: <c>dotnet test tests/Query.Tests --filter "FullyQualifiedName~Conformance" --logger "console;verbosity=detailed"</c>
/// to see the per-file counts; the summary is also written to promql-conformance-summary.txt in the test
/// output folder.
/// </remarks>
public sealed class PromQLConformanceTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Scripts => ConformanceSuite.FileNames().Select(f => new object[] { f });

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_fails_only_where_known(string file)
    {
        FileResult result = ConformanceSuite.Result(file);
        Report(ConformanceSuite.FileLine(result));
        if (ConformanceSuite.Regenerating) return;
        List<string> problems = KnownFailures.Compare(result, ConformanceSuite.KnownFailureList);
        foreach (string p in problems) output.WriteLine(p);
        Assert.True(problems.Count == 0,
            $"{file}: {problems.Count} differences from known-failures.txt (regenerate with {ConformanceSuite.RegenerateVariable}=1):\n" +
            string.Join('\n', problems.Take(40)));
    }

    [Fact]
    public void Summary_over_all_scripts()
    {
        List<FileResult> results = ConformanceSuite.All();
        string summary = ConformanceSuite.Summary(results);
        Report(summary);
        File.WriteAllText(ConformanceSuite.SummaryPath, summary);
        output.WriteLine("summary written to " + ConformanceSuite.SummaryPath);
        if (ConformanceSuite.Regenerating)
        {
            KnownFailures.Write(ConformanceSuite.KnownFailuresPath, results);
            Report($"rewrote {ConformanceSuite.KnownFailuresPath}");
            return;
        }
        // Entries for files that no longer exist would otherwise never be checked by a per-file theory.
        var files = results.Select(r => r.File + ":").ToList();
        var orphans = ConformanceSuite.KnownFailureList.Keys.Where(k => !files.Exists(f => k.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.True(orphans.Count == 0, "known-failures.txt lists evals of missing scripts: " + string.Join(", ", orphans));
    }

    private void Report(string text)
    {
        output.WriteLine(text);
        Console.WriteLine(text);
    }
}
