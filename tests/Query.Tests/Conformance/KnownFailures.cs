using System.Text;
using System.Text.RegularExpressions;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// The checked-in list of evals that are expected to fail, one <c>file.test:LINE  reason</c> per line,
/// and the comparison of a run with it: a failure not listed, or a listed eval that no longer fails,
/// both fail the suite.
/// </summary>
internal static partial class KnownFailures
{
    private const int MaxReasonLength = 160;

    [GeneratedRegex(@"^(?<file>\S+\.test):(?<line>[0-9]+)(?:\s+(?<reason>.*))?$")]
    private static partial Regex EntryPattern();

    /// <summary>Reads the list; a malformed line is an error so a typo cannot silently drop an entry.</summary>
    public static Dictionary<string, string> Read(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path)) return entries;
        int n = 0;
        foreach (string raw in File.ReadLines(path))
        {
            n++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            Match m = EntryPattern().Match(line);
            if (!m.Success) throw new FormatException($"{Path.GetFileName(path)}:{n}: expected \"file.test:LINE  reason\", got \"{line}\"");
            string key = $"{m.Groups["file"].Value}:{m.Groups["line"].Value}";
            if (!entries.TryAdd(key, m.Groups["reason"].Value))
                throw new FormatException($"{Path.GetFileName(path)}:{n}: {key} is listed twice");
        }
        return entries;
    }

    /// <summary>Rewrites the list from the current results: every failed eval with the first line of its reason.</summary>
    public static void Write(string path, IEnumerable<FileResult> results)
    {
        var sb = new StringBuilder();
        sb.Append("# PromQL conformance: evals of tests/fixtures/peer/promql/*.test known to fail with the current engine.\n");
        sb.Append("# One line per eval: <file>:<line of the eval command>  <first line of the failure>.\n");
        sb.Append("# The suite fails on a failure not listed here and on a listed eval that passes (or is skipped) now.\n");
        sb.Append("# Regenerate: PROMQL_CONFORMANCE_WRITE_KNOWN_FAILURES=1 dotnet test tests/Query.Tests --filter \"FullyQualifiedName~Conformance\"\n");
        foreach (FileResult file in results.OrderBy(r => r.File, StringComparer.Ordinal))
        {
            var failed = file.Evals.Where(e => e.Outcome == EvalOutcome.Failed).OrderBy(e => e.Line).ToList();
            if (failed.Count == 0) continue;
            sb.Append('\n').Append("# ").Append(file.File).Append(": ").Append(failed.Count).Append(" known failures\n");
            foreach (EvalResult e in failed) sb.Append(e.Key).Append("  ").Append(Shorten(e.Reason ?? "failed")).Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Everything about <paramref name="result"/> that disagrees with the list; empty when the file is green.</summary>
    public static List<string> Compare(FileResult result, IReadOnlyDictionary<string, string> known)
    {
        var problems = new List<string>();
        var byKey = result.Evals.ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (EvalResult e in result.Evals)
        {
            if (e.Outcome == EvalOutcome.Failed && !known.ContainsKey(e.Key))
                problems.Add($"NEW FAILURE {e.Key}  {e.Reason}    [{e.Expr}]");
        }
        string prefix = result.File + ":";
        foreach ((string key, string reason) in known)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!byKey.TryGetValue(key, out EvalResult? e))
                problems.Add($"STALE ENTRY {key}: no eval starts on that line; remove it  ({reason})");
            else if (e.Outcome == EvalOutcome.Passed)
                problems.Add($"FIXED BUT STILL LISTED {key}: passes now, remove it from known-failures.txt  [{e.Expr}]");
            else if (e.Outcome == EvalOutcome.SkippedNativeHistogram)
                problems.Add($"STALE ENTRY {key}: skipped as native-histogram eval; remove it");
        }
        return problems;
    }

    private static string Shorten(string reason)
    {
        string oneLine = reason.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= MaxReasonLength ? oneLine : oneLine[..(MaxReasonLength - 3)] + "...";
    }
}
