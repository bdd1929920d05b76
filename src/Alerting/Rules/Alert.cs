using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules;

/// <summary>One alert of an alerting rule: a series of the rule's result, with its lifecycle timestamps.</summary>
public sealed class Alert
{
    public required LabelSet Labels { get; init; }
    public required LabelSet Annotations { get; set; }
    public AlertState State { get; set; }
    public double Value { get; set; }
    public DateTimeOffset ActiveAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? LastSentAt { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }
    public DateTimeOffset? KeepFiringSince { get; set; }

    /// <summary>Prometheus's rule: firing alerts are (re)sent after the resend delay, resolved ones once more after resolving.</summary>
    public bool NeedsSending(DateTimeOffset ts, TimeSpan resendDelay)
    {
        if (State == AlertState.Pending) return false;
        if (ResolvedAt is { } resolved && (LastSentAt is null || resolved > LastSentAt)) return true;
        return LastSentAt is null || LastSentAt.Value + resendDelay < ts;
    }

    public Alert Copy() => (Alert)MemberwiseClone();
}
