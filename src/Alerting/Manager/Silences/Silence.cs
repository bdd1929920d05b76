using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Silences;

/// <summary>A silence: alerts matching every matcher are muted between <see cref="StartsAt"/> and <see cref="EndsAt"/>.</summary>
public sealed record Silence
{
    public string Id { get; init; } = "";
    public required IReadOnlyList<LabelMatcher> Matchers { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public string Comment { get; init; } = "";

    public SilenceState StateAt(DateTimeOffset now)
        => StartsAt > now ? SilenceState.Pending : EndsAt <= now ? SilenceState.Expired : SilenceState.Active;

    public bool Matches(LabelSet labels)
    {
        foreach (LabelMatcher m in Matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }
}

/// <summary>Where a silence is in its life, as the API reports it.</summary>
public enum SilenceState
{
    Pending,
    Active,
    Expired,
}
