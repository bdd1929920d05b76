using System.Text.RegularExpressions;

namespace Metrics.Alerting.Rules;

/// <summary>Expands <c>rule_files</c> entries as Go's filepath.Glob does (<c>*</c>, <c>?</c>, <c>[...]</c> in the last path element).</summary>
public static class RuleFileGlob
{
    /// <summary>Matching files, relative entries resolved against <paramref name="baseDirectory"/> (the config file's folder); sorted.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> patterns, string baseDirectory)
    {
        var files = new List<string>();
        foreach (string pattern in patterns)
        {
            string full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDirectory, pattern);
            string dir = Path.GetDirectoryName(full) ?? ".";
            string name = Path.GetFileName(full);
            if (name.IndexOfAny(['*', '?', '[']) < 0)
            {
                // Go's Glob returns a literal path only when it exists; Prometheus then loads nothing for it.
                if (File.Exists(full)) files.Add(full);
                continue;
            }
            if (!Directory.Exists(dir)) continue;
            Regex regex = ToRegex(name);
            files.AddRange(Directory.EnumerateFiles(dir).Where(f => regex.IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal));
        }
        return files;
    }

    /// <summary>False for a pattern Go's filepath.Glob rejects (an unclosed <c>[</c>), which Prometheus refuses at config load.</summary>
    public static bool IsValidPattern(string pattern)
    {
        try
        {
            ToRegex(Path.GetFileName(pattern));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Regex ToRegex(string glob)
    {
        var sb = new System.Text.StringBuilder("^");
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
                    if (close < 0) throw new ArgumentException("syntax error in pattern");
                    string set = glob[(i + 1)..close];
                    if (set.StartsWith('^')) set = "^" + Regex.Escape(set[1..]).Replace("\\-", "-", StringComparison.Ordinal);
                    else set = Regex.Escape(set).Replace("\\-", "-", StringComparison.Ordinal);
                    sb.Append('[').Append(set).Append(']');
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
