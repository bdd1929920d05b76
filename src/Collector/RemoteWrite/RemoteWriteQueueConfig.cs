namespace Metrics.Collector.RemoteWrite;

/// <summary>Prometheus's <c>queue_config</c>: how samples are batched, sharded and retried.</summary>
public sealed class RemoteWriteQueueConfig
{
    public static readonly RemoteWriteQueueConfig Default = new();

    /// <summary>Samples each shard takes from the durable buffer per round; at least <see cref="MaxSamplesPerSend"/>.</summary>
    public int Capacity { get; init; } = 2500;

    public int MaxShards { get; init; } = 200;
    public int MinShards { get; init; } = 1;
    public int MaxSamplesPerSend { get; init; } = 500;

    /// <summary>How long a partial batch may wait for more samples before it is sent anyway.</summary>
    public TimeSpan BatchSendDeadline { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(30);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retry on HTTP 429. Prometheus 2.42 defaults to false and 3.x always retries; we default to true so a throttling receiver loses nothing.</summary>
    public bool RetryOnHttp429 { get; init; } = true;
}
