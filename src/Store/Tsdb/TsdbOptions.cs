using Metrics.Store.Head;

namespace Metrics.Store.Tsdb;

/// <summary>Settings of the whole store, named after Prometheus's <c>--storage.tsdb.*</c> flags.</summary>
public sealed class TsdbOptions
{
    /// <summary><c>--storage.tsdb.path</c>.</summary>
    public required string Path { get; init; }

    public HeadOptions Head { get; init; } = new();

    /// <summary><c>--storage.tsdb.retention.time</c>: blocks entirely older than this (before the newest sample) are deleted.</summary>
    public TimeSpan RetentionTime { get; init; } = TimeSpan.FromDays(15);

    /// <summary><c>--storage.tsdb.retention.size</c> in bytes; 0 means no limit. The oldest blocks go first.</summary>
    public long RetentionBytes { get; init; }

    /// <summary>How often the head is checked for a block to cut and blocks for compaction and retention.</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);
}
