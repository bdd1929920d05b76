namespace Metrics.Collector.Scrape;

/// <summary>Compares series keys by content, and lets a dictionary be probed with a span so a lookup copies nothing.</summary>
internal sealed class SeriesBytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly SeriesBytesComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    // HashCode is seeded per process, so a hostile target cannot precompute colliding series.
    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hasher = new HashCode();
        hasher.AddBytes(alternate);
        return hasher.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
