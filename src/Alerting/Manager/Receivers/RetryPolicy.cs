namespace Metrics.Alerting.Manager.Receivers;

/// <summary>How hard one notification is pushed through: attempts, backoff between them and a timeout per attempt.</summary>
public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 8;
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
