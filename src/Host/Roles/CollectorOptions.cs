namespace Metrics.Host.Roles;

/// <summary>Settings of <c>metrics collector</c>, named after Prometheus's flags where one exists.</summary>
public sealed class CollectorOptions
{
    /// <summary><c>--config.file</c>; required, and it must have a <c>remote_write</c> section.</summary>
    public required string ConfigFile { get; init; }

    /// <summary><c>--web.listen-address</c>, host:port.</summary>
    public string ListenAddress { get; init; } = "0.0.0.0:9090";

    /// <summary><c>--storage.remote-write.path</c>: parent folder of the durable buffers, one subfolder per remote_write name.</summary>
    public string BufferPath { get; init; } = "./data-collector";
}
