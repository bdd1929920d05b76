namespace Metrics.Alerting.Rules;

/// <summary>An alert's lifecycle: pending until its condition held for <c>for</c>, then firing, then inactive (resolved).</summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
}
