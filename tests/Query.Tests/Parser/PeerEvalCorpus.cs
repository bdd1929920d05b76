using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Metrics.Tests.Shared;

namespace Metrics.Query.Tests.Parser;

/// <summary>One <c>eval</c> command of the Prometheus test scripts: where it is, its query, and whether it must fail.</summary>
internal sealed record PeerEval(string File, int Line, string Query, bool ExpectFail, string? FailMessage);

/// <summary>Reads every eval query out of tests/fixtures/peer/promql/*.test (the DSL is described in the peer README).</summary>
internal static partial class PeerEvalCorpus
{
    public static IReadOnlyList<PeerEval> Load()
    {
        var evals = new List<PeerEval>();
        foreach (string path in Directory.GetFiles(FixtureFolder(), "*.test").Order(StringComparer.Ordinal))
        {
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                Match header = Header().Match(lines[i].Trim());
                if (!header.Success) continue;
                bool fail = header.Groups["cmd"].Value.Equals("eval_fail", StringComparison.OrdinalIgnoreCase);
                string? message = null;
                // The body runs to the first empty or comment line.
                for (int j = i + 1; j < lines.Length; j++)
                {
                    string body = lines[j].Trim();
                    if (body.Length == 0 || body.StartsWith('#')) break;
                    Match expect = ExpectFail().Match(body);
                    if (!expect.Success) continue;
                    fail = true;
                    if (expect.Groups["kind"].Value == "msg") message = expect.Groups["text"].Value.Trim();
                }
                evals.Add(new PeerEval(Path.GetFileName(path), i + 1, header.Groups["query"].Value, fail, message));
            }
        }
        return evals;
    }

    // RepoPaths needs the checkout above the output folder or METRICS_REPO_ROOT; with a private
    // --artifacts-path and neither, this source file's own path still locates the fixtures.
    private static string FixtureFolder([CallerFilePath] string thisFile = "")
    {
        try
        {
            return RepoPaths.Fixture("peer", "promql");
        }
        catch (TypeInitializationException)
        {
            return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "fixtures", "peer", "promql"));
        }
    }

    [GeneratedRegex(@"^(?<cmd>eval\w*)\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(?<query>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Header();

    [GeneratedRegex(@"^expect\s+fail(?:\s+(?<kind>msg|regex):(?<text>.*))?$")]
    private static partial Regex ExpectFail();
}
