using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules.Notifier;

/// <summary>Where and how alerts are sent; Prometheus's notifier defaults.</summary>
public sealed record NotifierOptions
{
    public IReadOnlyList<AlertmanagerEndpoint> Alertmanagers { get; init; } = [];

    /// <summary>Added to every alert that lacks the label, before relabeling.</summary>
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;

    /// <summary><c>alert_relabel_configs</c> applied to each alert's labels; null drops the alert.</summary>
    public Func<LabelSet, LabelSet?>? Relabel { get; init; }

    /// <summary>The base of each alert's generatorURL (<c>--web.external-url</c>).</summary>
    public string ExternalUrl { get; init; } = "";

    /// <summary><c>--alertmanager.notification-queue-capacity</c>: beyond it the oldest alerts are dropped.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Alerts per POST, as Prometheus's maxBatchSize.</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>Attempts per batch when every Alertmanager failed; the resend delay covers what is still lost.</summary>
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(1);
}
