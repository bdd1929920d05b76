namespace Metrics.Store.RemoteWrite;

/// <summary>Size limits for the remote-write receiver.</summary>
public sealed class RemoteWriteOptions
{
    /// <summary>32 MiB: Prometheus's own decode limit for remote-write and remote-read bodies.</summary>
    public const int DefaultMaxBytes = 32 << 20;

    /// <summary>Largest compressed request body accepted; larger bodies are refused before they are read in full.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBytes;

    /// <summary>Largest snappy-decoded protobuf accepted, checked against the snappy preamble before decoding.</summary>
    public int MaxDecodedBytes { get; set; } = DefaultMaxBytes;
}
