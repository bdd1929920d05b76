using System.Text;
using System.Text.RegularExpressions;

namespace Metrics.Collector.Discovery.Files;

/// <summary>Expands a file_sd pattern whose wildcards (<c>*</c>, <c>?</c>, <c>[...]</c>) are in the file name only.</summary>
public static class FileGlob
{
    /// <summary>The matching files, sorted; a missing directory matches nothing.</summary>
    public static List<string> Expand(string pattern)
    {
        string directory = Path.GetDirectoryName(pattern) ?? "/";
        string name = Path.GetFileName(pattern);
        if (name.AsSpan().IndexOfAny("*?[") < 0)
            return System.IO.File.Exists(pattern) ? [pattern] : [];
        if (!Directory.Exists(directory)) return [];
        var matcher = new Regex(ToRegex(name), RegexOptions.CultureInvariant);
        var result = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory))
            if (matcher.IsMatch(Path.GetFileName(file))) result.Add(file);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Go's filepath.Match syntax for one path element as an anchored regex.</summary>
    internal static string ToRegex(string glob)
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
                    int end = glob.IndexOf(']', i + 1);
                    if (end < 0) { sb.Append(@"\["); break; }
                    string set = glob[(i + 1)..end];
                    sb.Append('[').Append(set.StartsWith('^') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return sb.Append('$').ToString();
    }
}
