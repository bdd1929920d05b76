using Metrics.Store.Configuration;

namespace Metrics.Alerting.Rules;

/// <summary>Expands <c>rule_files</c> entries (Go glob patterns) relative to the config file's folder.</summary>
public static class RuleFileGlob
{
    /// <summary>Matching files, relative entries resolved against <paramref name="baseDirectory"/>; sorted per pattern.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> patterns, string baseDirectory)
    {
        var files = new List<string>();
        foreach (string pattern in patterns)
            files.AddRange(GoGlob.Expand(Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDirectory, pattern)));
        return files;
    }
}
