using Metrics.Store.Head;

namespace Metrics.Store.Tsdb;

/// <summary>Settings of the whole store, named after Prometheus's <c>--storage.tsdb.*</c> flags.</summary>
public sealed class TsdbOptions
{
    /// <summary><c>--storage.tsdb.path</c>.</summary>
    public required string Path { get; init; }

    public HeadOptions Head { get; init; } = new();
}
