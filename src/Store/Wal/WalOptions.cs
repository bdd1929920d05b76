namespace Metrics.Store.Wal;

/// <summary>How the write-ahead log writes and syncs.</summary>
public sealed class WalOptions
{
    /// <summary>A new segment starts once the current one passes this size.</summary>
    public long SegmentSize { get; init; } = 128L << 20;

    /// <summary><c>--storage.tsdb.wal-fsync</c>: fsync before acknowledging, for power-loss durability.</summary>
    public bool Fsync { get; init; }
}
