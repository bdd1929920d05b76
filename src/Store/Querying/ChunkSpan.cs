namespace Metrics.Store.Querying;

/// <summary>One encoded chunk (encoding byte first) and the time range of its samples.</summary>
public readonly record struct ChunkSpan(long MinTimeMs, long MaxTimeMs, ReadOnlyMemory<byte> Data);
