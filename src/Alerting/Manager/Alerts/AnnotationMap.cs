using System.Diagnostics.CodeAnalysis;

namespace Metrics.Alerting.Manager.Alerts;

/// <summary>
/// An alert's annotations as one sorted array: the store keeps one per alert, and a tree-based dictionary cost
/// several objects per entry. Keys are in ordinal order; lookups are a binary search (alerts carry few annotations).
/// </summary>
public sealed class AnnotationMap : IReadOnlyDictionary<string, string>
{
    public static readonly AnnotationMap Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private AnnotationMap(KeyValuePair<string, string>[] sortedPairs) => _pairs = sortedPairs;

    /// <summary>Builds a map from pairs in any order; a repeated key keeps its last value.</summary>
    public static AnnotationMap From(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count == 0) return Empty;
        var sorted = new KeyValuePair<string, string>[pairs.Count];
        int n = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            int at = 0;
            while (at < n && !string.Equals(sorted[at].Key, pairs[i].Key, StringComparison.Ordinal)) at++;
            sorted[at] = pairs[i];
            if (at == n) n++;
        }
        if (n != sorted.Length) Array.Resize(ref sorted, n);
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new AnnotationMap(sorted);
    }

    public int Count => _pairs.Length;

    public string this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? _pairs[i].Value : null;
        return i >= 0;
    }

    private int IndexOf(string key)
    {
        int lo = 0, hi = _pairs.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = string.CompareOrdinal(_pairs[mid].Key, key);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
