using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules.Notifier;

/// <summary>An alert as Alertmanager API v2 receives it (a PostableAlert).</summary>
public sealed record AlertNotification(LabelSet Labels, LabelSet Annotations, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string GeneratorUrl);
