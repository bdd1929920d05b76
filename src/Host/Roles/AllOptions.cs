namespace Metrics.Host.Roles;

/// <summary>Settings of <c>metrics all</c>, named after Prometheus's flags.</summary>
public sealed class AllOptions
{
    /// <summary><c>--config.file</c>; null runs the embedded default.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--alertmanager.config.file</c>: an alertmanager.yml; null uses the config's inline section or the built-in default.</summary>
    public string? AlertmanagerConfigFile { get; init; }

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

    /// <summary><c>--query.timeout</c>, a Prometheus duration.</summary>
    public string QueryTimeout { get; init; } = "2m";

    /// <summary><c>--query.max-concurrency</c>.</summary>
    public int QueryMaxConcurrency { get; init; } = 20;

    /// <summary><c>--query.max-samples</c>.</summary>
    public int QueryMaxSamples { get; init; } = 50_000_000;

    /// <summary><c>--query.lookback-delta</c>, a Prometheus duration.</summary>
    public string LookbackDelta { get; init; } = "5m";
}
