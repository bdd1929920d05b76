using System.Text;
using System.Text.RegularExpressions;

namespace Metrics.Store.Configuration;

/// <summary>
/// File patterns as Go's filepath.Glob expands them (<c>*</c>, <c>?</c>, <c>[...]</c>, <c>\</c> escapes),
/// with wildcards in the last path element only, as Prometheus's rule_files and file_sd_configs use them.
/// </summary>
public static class GoGlob
{
    /// <summary>The matching files, sorted; a literal path only when it exists; a missing folder or a bad pattern matches nothing.</summary>
    public static List<string> Expand(string pattern)
    {
        string directory = Path.GetDirectoryName(pattern) ?? "/";
        string name = Path.GetFileName(pattern);
        if (name.AsSpan().IndexOfAny("*?[\\") < 0)
            return File.Exists(pattern) ? [pattern] : [];
        if (!Directory.Exists(directory) || ToRegex(name) is not { } matcher) return [];
        var result = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory))
            if (matcher.IsMatch(Path.GetFileName(file))) result.Add(file);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>False for a pattern Go's filepath.Match rejects (an unclosed <c>[</c>), which Prometheus refuses at config load.</summary>
    public static bool IsValidPattern(string pattern) => ToRegex(Path.GetFileName(pattern)) is not null;

    /// <summary>One path element's pattern as an anchored regex; null when Go would report ErrBadPattern.</summary>
    private static Regex? ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*': sb.Append("[^/]*"); break;
                case '?': sb.Append("[^/]"); break;
                case '[':
                {
                    int close = glob.IndexOf(']', i + 1);
                    if (close < 0) return null;
                    string set = glob[(i + 1)..close];
                    bool negated = set.StartsWith('^');
                    string escaped = Regex.Escape(negated ? set[1..] : set).Replace("\\-", "-", StringComparison.Ordinal);
                    sb.Append('[').Append(negated ? "^" : "").Append(escaped).Append(']');
                    i = close;
                    break;
                }
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
