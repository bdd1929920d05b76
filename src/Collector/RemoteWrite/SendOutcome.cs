namespace Metrics.Collector.RemoteWrite;

/// <summary>What happened to one remote-write request, and what to do next.</summary>
public readonly record struct SendOutcome(SendResult Result, TimeSpan? RetryAfter, string Detail)
{
    public static readonly SendOutcome Delivered = new(SendResult.Delivered, null, "");
}

public enum SendResult
{
    /// <summary>2xx: the receiver has the samples.</summary>
    Delivered,
    /// <summary>5xx, 429 (when configured), a timeout or a network error: send the same batch again later.</summary>
    Retry,
    /// <summary>Any other 4xx: the receiver will never accept this batch; it is dropped and counted.</summary>
    Reject,
}
