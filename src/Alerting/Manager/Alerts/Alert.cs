using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Alerts;

/// <summary>An alert as the manager keeps it: immutable, replaced as a whole when a newer version arrives.</summary>
public sealed record Alert
{
    private readonly LabelSet _labels = LabelSet.Empty;

    public required LabelSet Labels
    {
        get => _labels;
        init
        {
            _labels = value;
            Fingerprint = AlertFingerprint.Of(value);
        }
    }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Empty;
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>When the alert stops firing; <c>default</c> only in notification copies of firing alerts.</summary>
    public DateTimeOffset EndsAt { get; init; }
    public string GeneratorUrl { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>True when <see cref="EndsAt"/> came from resolve_timeout rather than from the sender.</summary>
    public bool Timeout { get; init; }

    /// <summary>Alertmanager's fingerprint of the labels (FNV-1a), the alert's identity; computed once per label set.</summary>
    public ulong Fingerprint { get; private init; }

    public bool ResolvedAt(DateTimeOffset now) => EndsAt != default && EndsAt <= now;

    /// <summary>Alertmanager's merge of two versions of one alert: the younger wins, the earliest start is kept.</summary>
    public Alert Merge(Alert other, DateTimeOffset now)
    {
        if (other.UpdatedAt < UpdatedAt) return other.Merge(this, now);
        Alert result = other;
        if (StartsAt < other.StartsAt) result = result with { StartsAt = StartsAt };
        if (other.ResolvedAt(now))
        {
            // The latest explicit resolution wins when both are resolved.
            if (ResolvedAt(now) && EndsAt > other.EndsAt) result = result with { EndsAt = EndsAt };
        }
        else if (EndsAt > other.EndsAt && !Timeout)
        {
            // A sender's own end time outranks one derived from resolve_timeout.
            result = result with { EndsAt = EndsAt, Timeout = false };
        }
        return result;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = AnnotationMap.Empty;
}
