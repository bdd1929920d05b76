using Metrics.Alerting.Templating;
using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules;

/// <summary>
/// An alerting rule with Prometheus's lifecycle: each result series is an alert, pending until the
/// condition held for <c>for</c>, then firing; it stays firing <c>keep_firing_for</c> after the
/// condition stops, and a resolved alert is kept 15 minutes so it is sent as resolved.
/// </summary>
public sealed class AlertingRule(RuleDefinition definition) : Rule(definition)
{
    /// <summary>How long a resolved alert stays in memory, so Alertmanager hears that it ended.</summary>
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    public const string AlertsMetric = "ALERTS";
    public const string ForStateMetric = "ALERTS_FOR_STATE";

    private readonly Lock _lock = new();
    private readonly bool _templated = definition.Labels.Concat(definition.Annotations).Any(p => p.Value.Contains("{{", StringComparison.Ordinal));
    private Dictionary<LabelSet, Alert> _active = [];

    /// <summary>False until the <c>for</c> state was restored after a start; ALERTS series are written only after.</summary>
    public bool Restored { get; set; }

    public TimeSpan HoldDuration => Definition.For;

    /// <summary>A snapshot of the pending, firing and recently resolved alerts.</summary>
    public IReadOnlyList<Alert> ActiveAlerts()
    {
        lock (_lock) return [.. _active.Values.Select(a => a.Copy()).OrderBy(a => a.Labels)];
    }

    /// <summary>The rule's most severe state: firing over pending over inactive.</summary>
    public AlertState State
    {
        get
        {
            lock (_lock)
            {
                AlertState max = AlertState.Inactive;
                foreach (Alert a in _active.Values) if (a.State > max) max = a.State;
                return max;
            }
        }
    }

    /// <summary>Evaluates at <paramref name="ts"/> and returns the ALERTS and ALERTS_FOR_STATE samples to store.</summary>
    public List<(LabelSet Labels, double Value)> Evaluate(IQueryEngine engine, DateTimeOffset ts, long queryTimeMs, int limit,
        LabelSet externalLabels, string externalUrl, CancellationToken ct = default)
    {
        IReadOnlyList<VectorSample> samples = RuleQuery.Run(engine, Definition.Expr, queryTimeMs, ct);
        IReadOnlyDictionary<string, string> external = ToMap(externalLabels);
        var options = new TemplateOptions
        {
            ExternalUrl = externalUrl,
            Query = q => [.. RuleQuery.Run(engine, q, queryTimeMs, ct).Select(s => new TemplateSample(ToMap(s.Labels), s.Value))],
        };
        var fresh = new Dictionary<LabelSet, Alert>(samples.Count);
        var builder = new LabelSetBuilder();
        foreach (VectorSample s in samples)
        {
            // Most rules template little; the label map for a template is built only when one needs it.
            AlertTemplateData? data = _templated ? new AlertTemplateData(ToMap(s.Labels), external, externalUrl, s.Value) : null;
            builder.Reset(s.Labels).Delete(LabelNames.MetricName);
            foreach (var (name, value) in Definition.Labels)
                builder.Set(name, data is null ? value : AlertTemplate.Expand(Name, value, data, options));
            builder.Set("alertname", Name);
            var annotations = new LabelSetBuilder();
            foreach (var (name, value) in Definition.Annotations)
                annotations.Set(name, data is null ? value : AlertTemplate.Expand(Name, value, data, options));
            LabelSet labels = builder.Build();
            if (fresh.ContainsKey(labels))
                throw new RuleEvaluationException("vector contains metrics with the same labelset after applying alert labels");
            fresh[labels] = new Alert { Labels = labels, Annotations = annotations.Build(), ActiveAt = ts, State = AlertState.Pending, Value = s.Value };
        }

        var output = new List<(LabelSet, double)>();
        lock (_lock)
        {
            foreach (var (labels, alert) in fresh)
            {
                if (_active.TryGetValue(labels, out Alert? existing) && existing.State != AlertState.Inactive)
                {
                    existing.Value = alert.Value;
                    existing.Annotations = alert.Annotations;
                    continue;
                }
                _active[labels] = alert;
            }

            int activeOrPending = 0;
            foreach (var (labels, alert) in _active.ToList())
            {
                if (!fresh.ContainsKey(labels))
                {
                    bool keepFiring = false;
                    if (alert.State == AlertState.Firing && Definition.KeepFiringFor > TimeSpan.Zero)
                    {
                        alert.KeepFiringSince ??= ts;
                        keepFiring = ts - alert.KeepFiringSince.Value < Definition.KeepFiringFor;
                    }
                    // A resolved alert stays for the retention period so it is sent as resolved.
                    if (alert.State == AlertState.Pending || (alert.ResolvedAt is { } r && ts - r > ResolvedRetention))
                        _active.Remove(labels);
                    if (alert.State != AlertState.Inactive && !keepFiring)
                    {
                        alert.State = AlertState.Inactive;
                        alert.ResolvedAt = ts;
                    }
                    if (!keepFiring) continue;
                }
                else
                {
                    alert.KeepFiringSince = null;
                }
                activeOrPending++;
                if (alert.State == AlertState.Pending && ts - alert.ActiveAt >= HoldDuration)
                {
                    alert.State = AlertState.Firing;
                    alert.FiredAt = ts;
                }
                if (Restored)
                {
                    output.Add((AlertSeries(alert), 1));
                    output.Add((ForStateSeries(alert.Labels), alert.ActiveAt.ToUnixTimeSeconds()));
                }
            }
            if (limit > 0 && activeOrPending > limit)
            {
                _active = [];
                throw new RuleEvaluationException($"exceeded limit of {limit} with {activeOrPending} alerts");
            }
        }
        return output;
    }

    /// <summary>Marks alerts as sent and returns copies of those due to Alertmanager, with ValidUntil set as Prometheus does.</summary>
    public List<Alert> TakeAlertsToSend(DateTimeOffset ts, TimeSpan resendDelay, TimeSpan interval)
    {
        var due = new List<Alert>();
        lock (_lock)
        {
            foreach (Alert alert in _active.Values)
            {
                if (!alert.NeedsSending(ts, resendDelay)) continue;
                alert.LastSentAt = ts;
                // Allow for two missed evaluations or sends before Alertmanager resolves it by itself.
                TimeSpan delta = interval > resendDelay ? interval : resendDelay;
                alert.ValidUntil = ts + 4 * delta;
                due.Add(alert.Copy());
            }
        }
        return due;
    }

    /// <summary>Sets an active alert's start, as restoring the <c>for</c> state after a restart does.</summary>
    internal void ForEachActive(Action<Alert> action)
    {
        lock (_lock) foreach (Alert a in _active.Values) action(a);
    }

    /// <summary>Takes over the alerts of the same rule before a reload.</summary>
    internal void TakeStateFrom(AlertingRule old)
    {
        lock (old._lock)
        lock (_lock)
        {
            _active = old._active;
            old._active = [];
        }
    }

    public static LabelSet ForStateSeries(LabelSet alertLabels)
        => alertLabels.ToBuilder().Set(LabelNames.MetricName, ForStateMetric).Build();

    private static LabelSet AlertSeries(Alert alert)
        => alert.Labels.ToBuilder().Set(LabelNames.MetricName, AlertsMetric)
            .Set("alertstate", alert.State == AlertState.Firing ? "firing" : "pending").Build();

    internal static IReadOnlyDictionary<string, string> ToMap(LabelSet labels)
    {
        var map = new Dictionary<string, string>(labels.Count, StringComparer.Ordinal);
        foreach (Label l in labels) map[l.Name] = l.Value;
        return map;
    }
}
