using System.Diagnostics.Metrics;

namespace Metrics.Host.Roles.Reload;

/// <summary>
/// The reload gauges dashboards and alerts already use: Prometheus's <c>prometheus_config_last_reload_*</c> on roles
/// that read the main config and Alertmanager's <c>alertmanager_config_last_reload_*</c> on roles running the alert manager.
/// </summary>
internal sealed class ReloadMetrics : IDisposable
{
    public const string MeterName = "Metrics.Host.Reload";

    private readonly Meter _meter = new(MeterName);

    public ReloadMetrics(ConfigReloader reloader, bool mainConfig, bool alertmanagerConfig)
    {
        foreach (string prefix in (string[])[.. mainConfig ? ["prometheus"] : Array.Empty<string>(), .. alertmanagerConfig ? ["alertmanager"] : Array.Empty<string>()])
        {
            _meter.CreateObservableGauge(prefix + "_config_last_reload_successful", () => reloader.LastSuccessful ? 1L : 0L,
                description: "Whether the last configuration reload attempt was successful.");
            _meter.CreateObservableGauge(prefix + "_config_last_reload_success_timestamp_seconds",
                () => reloader.LastSuccessTime.ToUnixTimeMilliseconds() / 1000.0,
                description: "Timestamp of the last successful configuration reload.");
        }
    }

    public void Dispose() => _meter.Dispose();
}
