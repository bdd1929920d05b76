using System.Diagnostics.Metrics;

namespace Metrics.Alerting.Rules;

/// <summary>Self-monitoring of rule evaluation and alert sending (Prometheus's prometheus_rule_* and prometheus_notifications_*), on /metrics.</summary>
public sealed class RulesMetrics : IDisposable
{
    public const string MeterName = "Metrics.Alerting.Rules";

    private readonly Meter _meter;

    public RulesMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        Evaluations = _meter.CreateCounter<long>("metrics_rule_evaluations_total", description: "Rule evaluations, by rule group.");
        EvaluationFailures = _meter.CreateCounter<long>("metrics_rule_evaluation_failures_total", description: "Rule evaluations that failed, by rule group.");
        GroupDuration = _meter.CreateHistogram<double>("metrics_rule_group_duration_seconds", unit: "s", description: "Time taken to evaluate a whole rule group.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30] });
        NotificationsSent = _meter.CreateCounter<long>("metrics_notifications_sent_total", description: "Alerts accepted by at least one Alertmanager.");
        NotificationsDropped = _meter.CreateCounter<long>("metrics_notifications_dropped_total", description: "Alerts dropped: queue full or no Alertmanager accepted them.");
        NotificationErrors = _meter.CreateCounter<long>("metrics_notifications_errors_total", description: "Failed POSTs to an Alertmanager, by alertmanager.");
    }

    public Counter<long> Evaluations { get; }
    public Counter<long> EvaluationFailures { get; }
    public Histogram<double> GroupDuration { get; }
    public Counter<long> NotificationsSent { get; }
    public Counter<long> NotificationsDropped { get; }
    public Counter<long> NotificationErrors { get; }

    public void Dispose() => _meter.Dispose();
}
