using System.Runtime.CompilerServices;
using System.Text;

namespace Metrics.Store.Labels;

/// <summary>
/// An immutable set of labels sorted by name, with a precomputed 64-bit hash so that
/// equality between different sets is almost always decided by one comparison.
/// </summary>
/// <remarks>
/// The hash is stable across processes (it does not use <see cref="HashCode"/>'s random seed),
/// so it can be persisted or used to shard work deterministically.
/// </remarks>
public sealed class LabelSet : IEquatable<LabelSet>, IComparable<LabelSet>, IReadOnlyList<Label>
{
    private readonly Label[] _labels;

    public static readonly LabelSet Empty = new([], 0);

    private LabelSet(Label[] sortedLabels, ulong hash)
    {
        _labels = sortedLabels;
        StableHash = hash;
    }

    /// <summary>A process-independent hash of all names and values.</summary>
    public ulong StableHash { get; }

    public int Count => _labels.Length;

    public Label this[int index] => _labels[index];

    /// <summary>The labels in name order; the span must not be mutated.</summary>
    public ReadOnlySpan<Label> AsSpan() => _labels;

    /// <summary>The value of <c>__name__</c>, or the empty string.</summary>
    public string MetricName => Get(LabelNames.MetricName);

    /// <summary>Builds a set from labels in any order; throws when a name repeats or is empty.</summary>
    public static LabelSet From(params ReadOnlySpan<Label> labels)
    {
        if (labels.IsEmpty) return Empty;
        Label[] copy = labels.ToArray();
        return FromOwnedArray(copy);
    }

    /// <summary>Builds a set from alternating names and values: <c>FromPairs("job", "api", "instance", "a:1")</c>.</summary>
    public static LabelSet FromPairs(params ReadOnlySpan<string> namesAndValues)
    {
        if (namesAndValues.Length % 2 != 0)
            throw new ArgumentException("names and values must come in pairs", nameof(namesAndValues));
        var labels = new Label[namesAndValues.Length / 2];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = new Label(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        return FromOwnedArray(labels);
    }

    /// <summary>Takes ownership of <paramref name="labels"/>: sorts it in place and drops empty values.</summary>
    internal static LabelSet FromOwnedArray(Label[] labels)
    {
        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        int kept = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i].Name.Length == 0) throw new ArgumentException("label name must not be empty");
            if (i > 0 && labels[i].Name == labels[i - 1].Name)
                throw new ArgumentException($"duplicate label name \"{labels[i].Name}\"");
            // An empty value means "label absent" in Prometheus's model.
            if (labels[i].Value.Length != 0) labels[kept++] = labels[i];
        }
        if (kept != labels.Length) Array.Resize(ref labels, kept);
        return kept == 0 ? Empty : new LabelSet(labels, ComputeHash(labels));
    }

    /// <summary>The value for <paramref name="name"/>, or the empty string when absent.</summary>
    public string Get(string name)
    {
        int i = IndexOf(name);
        return i >= 0 ? _labels[i].Value : string.Empty;
    }

    public bool Has(string name) => IndexOf(name) >= 0;

    private int IndexOf(string name)
    {
        // Sets are small (usually under 15 labels); a linear scan beats a binary search here.
        Label[] labels = _labels;
        for (int i = 0; i < labels.Length; i++)
        {
            int c = string.CompareOrdinal(labels[i].Name, name);
            if (c == 0) return i;
            if (c > 0) break;
        }
        return -1;
    }

    /// <summary>A builder that starts with this set's labels.</summary>
    public LabelSetBuilder ToBuilder() => new(this);

    public bool Equals(LabelSet? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.StableHash != StableHash || other._labels.Length != _labels.Length) return false;
        for (int i = 0; i < _labels.Length; i++)
        {
            if (!string.Equals(_labels[i].Name, other._labels[i].Name, StringComparison.Ordinal) ||
                !string.Equals(_labels[i].Value, other._labels[i].Value, StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => (int)(StableHash ^ (StableHash >> 32));

    /// <summary>Orders sets label by label (name, then value), like Prometheus's <c>labels.Compare</c>.</summary>
    public int CompareTo(LabelSet? other)
    {
        if (other is null) return 1;
        int n = Math.Min(_labels.Length, other._labels.Length);
        for (int i = 0; i < n; i++)
        {
            int c = string.CompareOrdinal(_labels[i].Name, other._labels[i].Name);
            if (c != 0) return c;
            c = string.CompareOrdinal(_labels[i].Value, other._labels[i].Value);
            if (c != 0) return c;
        }
        return _labels.Length.CompareTo(other._labels.Length);
    }

    public IEnumerator<Label> GetEnumerator() => ((IEnumerable<Label>)_labels).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _labels.GetEnumerator();

    /// <summary>Prometheus's notation: <c>name{a="1", b="2"}</c>, or <c>{a="1"}</c> without a name.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        string name = MetricName;
        sb.Append(name);
        bool first = true;
        sb.Append('{');
        foreach (Label l in _labels)
        {
            if (l.Name == LabelNames.MetricName) continue;
            if (!first) sb.Append(", ");
            first = false;
            sb.Append(l.Name).Append("=\"").Append(EscapeValue(l.Value)).Append('"');
        }
        sb.Append('}');
        if (first && name.Length > 0) sb.Length -= 2;
        return sb.ToString();
    }

    internal static string EscapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0) return value;
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("\"", "\\\"", StringComparison.Ordinal)
                    .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    // FNV-1a over UTF-16 code units with separators that cannot occur inside names,
    // finished with a 64-bit avalanche so low bits are usable for sharding.
    private static ulong ComputeHash(Label[] labels)
    {
        const ulong prime = 1099511628211UL;
        ulong h = 14695981039346656037UL;
        foreach (Label l in labels)
        {
            h = Mix(h, l.Name, prime);
            h = (h ^ 0xFFFF) * prime;
            h = Mix(h, l.Value, prime);
            h = (h ^ 0xFFFE) * prime;
        }
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong h, string s, ulong prime)
    {
        foreach (char c in s) h = (h ^ c) * prime;
        return h;
    }
}
