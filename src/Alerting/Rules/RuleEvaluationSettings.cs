using Metrics.Alerting.Rules.Notifier;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules;

/// <summary>What the host decides for rule evaluation and alert sending: labels, URL, Alertmanagers, relabeling.</summary>
public sealed class RuleEvaluationSettings
{
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;

    /// <summary>The URL users reach this server at; alerts link back to it (generatorURL).</summary>
    public string ExternalUrl { get; init; } = "";

    public IReadOnlyList<AlertmanagerEndpoint> Alertmanagers { get; init; } = [];

    /// <summary><c>alert_relabel_configs</c>, applied by the host's relabeler; null keeps labels as they are.</summary>
    public Func<LabelSet, LabelSet?>? AlertRelabel { get; init; }

    public TimeSpan ResendDelay { get; init; } = TimeSpan.FromMinutes(1);
}
