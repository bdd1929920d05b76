using Metrics.Query.Engine;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Alerting.Rules;

/// <summary>What every rule group evaluates with and writes to, and Prometheus's rule-manager settings.</summary>
public sealed record RuleGroupOptions
{
    public required IQueryEngine Engine { get; init; }
    public required IAppendable Appendable { get; init; }

    /// <summary>Read to restore the <c>for</c> state of alerts from ALERTS_FOR_STATE after a restart.</summary>
    public required ISeriesQueryable Queryable { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;
    public string ExternalUrl { get; init; } = "";

    /// <summary><c>--rules.alert.resend-delay</c>: how often a still-firing alert is sent again.</summary>
    public TimeSpan ResendDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>--rules.alert.for-grace-period</c>: the least time an alert waits after a restart before firing again.</summary>
    public TimeSpan ForGracePeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--rules.alert.for-outage-tolerance</c>: how long a restart may take and still have the <c>for</c> state restored.</summary>
    public TimeSpan OutageTolerance { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Receives the alerts due to be sent after each evaluation of an alerting rule, with the rule's expression.</summary>
    public Action<string, IReadOnlyList<Alert>>? Notify { get; init; }

    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>How long a reload waits for a replaced group's evaluation in flight to stop.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where evaluation counts and durations are recorded; null records nothing.</summary>
    public RulesMetrics? Metrics { get; init; }
}
