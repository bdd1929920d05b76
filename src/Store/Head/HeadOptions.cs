using Metrics.Store.Wal;

namespace Metrics.Store.Head;

/// <summary>Settings of the in-memory head and its write-ahead log.</summary>
public sealed class HeadOptions
{
    /// <summary>The range of a freshly cut block; chunks never cross a multiple of it.</summary>
    public long BlockRangeMs { get; init; } = 2 * 3600 * 1000;

    public WalOptions Wal { get; init; } = new();
}
