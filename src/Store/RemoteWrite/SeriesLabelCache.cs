using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Metrics.Store.Labels;

namespace Metrics.Store.RemoteWrite;

/// <summary>
/// Remembers the label set (or the validation error) of each series by the raw protobuf bytes
/// of its labels, so a sender that repeats its series in every request costs no string
/// decoding, sorting or hashing after the first time. Bounded: it starts over when full.
/// </summary>
public sealed class SeriesLabelCache(int maxEntries = 1 << 20)
{
    private readonly ConcurrentDictionary<byte[], Entry> _entries = new(ByteArrayComparer.Instance);

    /// <summary>A series' labels, or why the series is refused.</summary>
    public readonly record struct Entry(LabelSet? Labels, string? Error);

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<byte> rawLabels, out Entry entry)
        => _entries.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(rawLabels, out entry);

    public void Add(ReadOnlySpan<byte> rawLabels, Entry entry)
    {
        if (_entries.Count >= maxEntries) _entries.Clear();
        _entries.TryAdd(rawLabels.ToArray(), entry);
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode([DisallowNull] byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
