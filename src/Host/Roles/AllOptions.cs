namespace Metrics.Host.Roles;

/// <summary>Settings of <c>metrics all</c>, named after Prometheus's flags.</summary>
public sealed class AllOptions
{
    /// <summary><c>--config.file</c>; null runs the embedded default.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--web.listen-address</c>, host:port.</summary>
    public string ListenAddress { get; init; } = "0.0.0.0:9090";

    /// <summary><c>--storage.tsdb.path</c>.</summary>
    public string StoragePath { get; init; } = "./data";

    /// <summary><c>--storage.tsdb.wal-fsync</c>: fsync the WAL before acknowledging.</summary>
    public bool WalFsync { get; init; }

    /// <summary><c>--storage.tsdb.retention.time</c>, a Prometheus duration.</summary>
    public string RetentionTime { get; init; } = "15d";

    /// <summary><c>--storage.tsdb.retention.size</c> such as 512MB; null for no limit.</summary>
    public string? RetentionSize { get; init; }
}
