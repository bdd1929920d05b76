using System.Text.RegularExpressions;

namespace Metrics.Collector.Relabel;

/// <summary>
/// A relabel regex compiled once, anchored at both ends as Prometheus 3 anchors it
/// (<c>^(?s:pattern)$</c>), with Go's group numbering and names.
/// </summary>
/// <remarks>
/// <see cref="RegexOptions.NonBacktracking"/> gives RE2's linear-time guarantee against hostile
/// patterns and, like RE2, rejects backreferences and lookarounds. Go's <c>$</c> is <c>\z</c>
/// here because .NET's <c>$</c> would also match before a final newline.
/// </remarks>
internal sealed class RelabelRegex
{
    public const string DefaultPattern = "(.*)";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Regex _regex;
    private readonly string?[] _groupNames;

    private RelabelRegex(string pattern, Regex regex, string?[] groupNames)
    {
        Pattern = pattern;
        _regex = regex;
        _groupNames = groupNames;
        IsDefault = pattern == DefaultPattern;
    }

    public static readonly RelabelRegex Default = Compile(DefaultPattern);

    /// <summary>The pattern as written in the configuration, without the anchors.</summary>
    public string Pattern { get; }

    /// <summary>True for <c>(.*)</c>: it matches every value and group 1 is the whole value.</summary>
    public bool IsDefault { get; }

    /// <summary>Capturing groups, not counting group 0.</summary>
    public int GroupCount => _groupNames.Length - 1;

    /// <exception cref="ArgumentException">The pattern does not compile; the message says why.</exception>
    public static RelabelRegex Compile(string pattern)
    {
        try
        {
            string body = GoRegexTranslator.Translate(pattern, out string?[] names);
            var regex = new Regex("^(?s:" + body + @")\z",
                RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Timeout);
            // The translator turned named groups into plain ones, so both engines number alike;
            // a mismatch means a construct the translator did not see, e.g. an unbalanced ')'.
            if (regex.GetGroupNumbers().Length != names.Length)
                Array.Resize(ref names, regex.GetGroupNumbers().Length);
            return new RelabelRegex(pattern, regex, names);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"error parsing regexp \"{pattern}\": {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            // NonBacktracking refuses backreferences, lookarounds and atomic groups, as RE2 does.
            throw new ArgumentException($"error parsing regexp \"{pattern}\": {e.Message}", e);
        }
    }

    public bool IsMatch(ReadOnlySpan<char> value) => _regex.IsMatch(value);

    public bool IsMatch(string value) => _regex.IsMatch(value);

    /// <summary>The match with its groups, or null; allocates, so callers use it only when a template needs groups.</summary>
    public Match? Match(string value)
    {
        Match m = _regex.Match(value);
        return m.Success ? m : null;
    }

    /// <summary>The group index named <paramref name="name"/>, or -1.</summary>
    public int GroupIndex(string name) => Array.IndexOf(_groupNames, name);
}
