using System.Diagnostics.Metrics;

namespace Metrics.Alerting.Manager;

/// <summary>The alert manager's self-monitoring instruments, named as Alertmanager's so dashboards carry over.</summary>
public sealed class AlertManagerMetrics : IDisposable
{
    public const string MeterName = "Metrics.Alerting.Manager";

    private readonly Meter _meter;

    public AlertManagerMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        AlertsReceived = _meter.CreateCounter<long>("alertmanager_alerts_received_total", description: "Alerts received through the API, by status (firing, resolved).");
        AlertsInvalid = _meter.CreateCounter<long>("alertmanager_alerts_invalid_total", description: "Alerts rejected as invalid.");
        Notifications = _meter.CreateCounter<long>("alertmanager_notifications_total", description: "Notifications attempted, by integration.");
        NotificationsFailed = _meter.CreateCounter<long>("alertmanager_notifications_failed_total", description: "Notifications that failed after all retries, by integration.");
        Requests = _meter.CreateCounter<long>("alertmanager_notification_requests_total", description: "HTTP requests to integrations (every retry counts), by integration.");
        RequestsFailed = _meter.CreateCounter<long>("alertmanager_notification_requests_failed_total", description: "Failed requests to integrations, by integration.");
        Latency = _meter.CreateHistogram<double>("alertmanager_notification_latency_seconds", unit: "s", description: "Time to deliver a notification, retries included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 10, 15, 20] });
    }

    public Counter<long> AlertsReceived { get; }
    public Counter<long> AlertsInvalid { get; }
    public Counter<long> Notifications { get; }
    public Counter<long> NotificationsFailed { get; }
    public Counter<long> Requests { get; }
    public Counter<long> RequestsFailed { get; }
    public Histogram<double> Latency { get; }

    public void Dispose() => _meter.Dispose();
}
