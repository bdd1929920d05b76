using System.Runtime.InteropServices;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Rules.Notifier;
using Metrics.Collector.Discovery;
using Metrics.Host.Configuration;

namespace Metrics.Host.Roles.Reload;

/// <summary>Registers a role's reload (the serializing reloader and its gauges) and starts its SIGHUP handler.</summary>
internal static class ReloadWiring
{
    /// <param name="reload">Builds the role's reload action from its services.</param>
    /// <param name="mainConfig">Publish prometheus_config_last_reload_*.</param>
    /// <param name="alertmanagerConfig">Publish alertmanager_config_last_reload_*.</param>
    public static IServiceCollection AddConfigReload(this IServiceCollection services, Func<IServiceProvider, Action> reload,
        bool mainConfig, bool alertmanagerConfig)
    {
        services.AddSingleton(sp => new ConfigReloader(reload(sp), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics.Host.Reload")));
        services.AddSingleton(sp => new ReloadMetrics(sp.GetRequiredService<ConfigReloader>(), mainConfig, alertmanagerConfig));
        return services;
    }

    /// <summary>
    /// The reload of a role that reads the main config: scrape jobs when <paramref name="scraping"/>, rules, the notifier
    /// and the alert manager when <paramref name="alerting"/>. Call <see cref="MainConfigReload.Started"/> once built.
    /// </summary>
    public static IServiceCollection AddMainConfigReload(this IServiceCollection services, string? configFile, string? alertmanagerFile,
        ListenAddress address, bool scraping, bool alerting, Action<MetricsConfig>? validate = null)
    {
        services.AddSingleton(sp => new MainConfigReload
        {
            ConfigFile = configFile,
            AlertmanagerFile = alertmanagerFile,
            SelfUrl = "http://" + address.SelfTarget,
            Validate = validate ?? (_ => { }),
            Discovery = scraping ? sp.GetRequiredService<DiscoveryManager>() : null,
            Rules = alerting ? sp.GetRequiredService<RuleManager>() : null,
            Notifier = alerting ? sp.GetRequiredService<AlertNotifier>() : null,
            AlertManager = alerting ? sp.GetRequiredService<AlertManager>() : null,
            Logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics.Host.Reload"),
        });
        return services.AddConfigReload(sp => sp.GetRequiredService<MainConfigReload>().Reload, mainConfig: true, alertmanagerConfig: alerting);
    }

    /// <summary>Publishes the gauges and listens for SIGHUP; dispose the result when the role stops.</summary>
    public static PosixSignalRegistration? StartConfigReload(this WebApplication app)
    {
        app.Services.GetRequiredService<ReloadMetrics>();
        return SighupReload.Register(app.Services.GetRequiredService<ConfigReloader>());
    }
}
