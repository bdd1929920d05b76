using Metrics.Store.Labels;

namespace Metrics.Store.Index;

/// <summary>
/// Turns label matchers into the sorted list of candidate series: intersection over matchers
/// that need the label, minus those excluded by negative matchers. Regexes that are plain
/// alternations of literals (<c>a|b|c</c>) are looked up directly instead of scanning values.
/// </summary>
public static class PostingsSelector
{
    public static List<ulong> Select(IPostingsSource index, IReadOnlyList<LabelMatcher> matchers)
    {
        List<ulong>? result = null;
        var subtract = new List<LabelMatcher>();
        foreach (LabelMatcher m in matchers)
        {
            if (m.MatchesEmpty)
            {
                // {a!="x"} or {a=~"x|"}: series without the label match too, so it can only remove.
                subtract.Add(m);
                continue;
            }
            List<ulong> matched = Union(index, m);
            result = result is null ? matched : Intersect(result, matched);
            if (result.Count == 0) return result;
        }
        result ??= [.. index.AllPostings()];
        foreach (LabelMatcher m in subtract)
        {
            // Remove series whose value of the label is set and rejected by the matcher.
            var inverse = new List<ulong>();
            foreach (string value in index.LabelValues(m.Name))
                if (!m.Matches(value)) inverse = UnionSorted(inverse, index.Postings(m.Name, value));
            if (inverse.Count > 0) result = Subtract(result, inverse);
        }
        return result;
    }

    /// <summary>Every series whose value of the matcher's label is accepted (the label must be present).</summary>
    private static List<ulong> Union(IPostingsSource index, LabelMatcher m)
    {
        if (m.Type == MatcherType.Equal) return [.. index.Postings(m.Name, m.Value)];
        if (m.Type == MatcherType.Regex && TryLiteralAlternation(m.Value, out string[] literals))
        {
            var fromLiterals = new List<ulong>();
            foreach (string literal in literals) fromLiterals = UnionSorted(fromLiterals, index.Postings(m.Name, literal));
            return fromLiterals;
        }
        var all = new List<ulong>();
        foreach (string value in index.LabelValues(m.Name))
            if (m.Matches(value)) all = UnionSorted(all, index.Postings(m.Name, value));
        return all;
    }

    /// <summary>True for patterns like <c>api|web|db</c> made only of literal characters.</summary>
    internal static bool TryLiteralAlternation(string pattern, out string[] literals)
    {
        literals = [];
        foreach (char c in pattern)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '|' or '_' or '-' or ':' or '/' or ' ' or ',' or '=' or '@' or '%' or '#' or '!' or '<' or '>' or '~' or '`' or '"' or '\'' or ';' or '&')) return false;
        }
        literals = pattern.Split('|');
        return true;
    }

    public static List<ulong> Intersect(List<ulong> a, List<ulong> b)
    {
        var result = new List<ulong>(Math.Min(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i] == b[j]) { result.Add(a[i]); i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return result;
    }

    public static List<ulong> UnionSorted(List<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Count == 0) return [.. b];
        var result = new List<ulong>(a.Count + b.Length);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Length)
        {
            if (j >= b.Length || (i < a.Count && a[i] < b[j])) result.Add(a[i++]);
            else if (i >= a.Count || b[j] < a[i]) result.Add(b[j++]);
            else { result.Add(a[i]); i++; j++; }
        }
        return result;
    }

    public static List<ulong> Subtract(List<ulong> a, List<ulong> b)
    {
        var result = new List<ulong>(a.Count);
        int j = 0;
        foreach (ulong x in a)
        {
            while (j < b.Count && b[j] < x) j++;
            if (j < b.Count && b[j] == x) continue;
            result.Add(x);
        }
        return result;
    }
}
