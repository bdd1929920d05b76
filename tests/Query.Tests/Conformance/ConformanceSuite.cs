using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Metrics.Tests.Shared;

namespace Metrics.Query.Tests.Conformance;

/// <summary>Finds the scripts, runs each once per test process, and formats the report.</summary>
internal static class ConformanceSuite
{
    /// <summary>Set to 1 to rewrite known-failures.txt from the current results instead of checking against it.</summary>
    public const string RegenerateVariable = "PROMQL_CONFORMANCE_WRITE_KNOWN_FAILURES";

    private static readonly ConcurrentDictionary<string, Lazy<FileResult>> Results = new(StringComparer.Ordinal);
    private static readonly Lazy<Dictionary<string, string>> Known = new(() => KnownFailures.Read(KnownFailuresPath));

    private static readonly Lazy<string> Root = new(FindRoot);

    public static string ScriptDirectory => Path.Combine(Root.Value, "tests", "fixtures", "peer", "promql");

    public static string KnownFailuresPath =>
        Path.Combine(Root.Value, "tests", "Query.Tests", "Conformance", "known-failures.txt");

    public static string SummaryPath => Path.Combine(AppContext.BaseDirectory, "promql-conformance-summary.txt");

    public static bool Regenerating => Environment.GetEnvironmentVariable(RegenerateVariable) == "1";

    public static IReadOnlyDictionary<string, string> KnownFailureList => Known.Value;

    public static IEnumerable<string> FileNames() =>
        Directory.GetFiles(ScriptDirectory, "*.test").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static FileResult Result(string file) =>
        Results.GetOrAdd(file, f => new Lazy<FileResult>(() => RunFile(f))).Value;

    /// <summary>Every script's result; each script runs once per process, so the per-file theories share the work.</summary>
    public static List<FileResult> All() => [.. FileNames().Select(Result)];

    public static string FileLine(FileResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.File,-26} evals {r.Total,4}  passed {r.Passed,4}  failed {r.Failed,4}  skipped(native histogram) {r.Skipped,4}  @-reruns skipped {r.AtChecksNotRun,3}" +
        $"{(r.LoadErrors > 0 ? $"  load errors {r.LoadErrors}" : "")}{(r.IgnoredStartTimestampLines > 0 ? $"  @st lines ignored {r.IgnoredStartTimestampLines}" : "")}  ({r.Elapsed.TotalMilliseconds:F0} ms)");

    public static string Summary(IReadOnlyList<FileResult> results)
    {
        int total = results.Sum(r => r.Total), passed = results.Sum(r => r.Passed), failed = results.Sum(r => r.Failed);
        int skipped = results.Sum(r => r.Skipped), atNotRun = results.Sum(r => r.AtChecksNotRun);
        int warnInfo = results.Sum(r => r.Evals.Count(e => e.Reason?.StartsWith("cannot check expected", StringComparison.Ordinal) == true));
        double rate = passed + failed == 0 ? 0 : 100.0 * passed / (passed + failed);
        var sb = new StringBuilder();
        sb.Append("PromQL conformance (").Append(ScriptDirectory).Append(")\n");
        foreach (FileResult r in results) sb.Append(FileLine(r)).Append('\n');
        sb.Append(CultureInfo.InvariantCulture,
            $"TOTAL evals {total}, native-histogram skipped {skipped}, passed {passed}, failed {failed}; pass rate over non-histogram evals {rate:F1}% (goal 97%)\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"not checked: @-modifier re-runs of {atNotRun} instant evals (query not rewritable); {warnInfo} evals fail only because warn/info annotations cannot be checked\n");
        sb.Append(EngineSettings.Describe()).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// The checkout; when built with <c>--artifacts-path</c> outside it and run from there, the path this
    /// source file was compiled from still tells (unless the build maps source paths).
    /// </summary>
    private static string FindRoot()
    {
        try
        {
            return RepoPaths.Root;
        }
        catch (TypeInitializationException)
        {
            string? dir = Path.GetDirectoryName(SourcePath());
            for (; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Metrics.sln"))) return dir;
            }
            throw;
        }
    }

    private static string SourcePath([CallerFilePath] string path = "") => path;

    private static FileResult RunFile(string file)
    {
        string path = Path.Combine(ScriptDirectory, file);
        TestScript script = TestScriptParser.Parse(file, File.ReadAllText(path));
        return ScriptRunner.Run(script);
    }
}
