namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>Buffering settings for <see cref="OpenMetricsFile"/>.</summary>
public sealed class OpenMetricsFileOptions
{
    /// <summary>The default read buffer: large enough that per-read costs vanish, small enough to stay cache-friendly.</summary>
    public const int DefaultBufferSize = 4 * 1024 * 1024;

    /// <summary>Bytes read from the stream at a time. A line longer than this grows the buffer.</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>The longest line accepted; a longer one is reported as malformed rather than exhausting memory.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024 * 1024;
}
