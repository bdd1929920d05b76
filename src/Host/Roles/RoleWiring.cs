using Metrics.Collector;
using Metrics.Collector.Discovery;
using Metrics.Collector.RemoteWrite;
using Metrics.Collector.Scrape;
using Metrics.Collector.SelfMonitoring;
using Metrics.Host.Configuration;
using Metrics.Store.Abstractions;

namespace Metrics.Host.Roles;

/// <summary>Service registrations that several roles share, so each role file only says which pieces it runs.</summary>
internal static class RoleWiring
{
    /// <summary>Self-metrics: every Meter named Metrics.* is exported at /metrics.</summary>
    public static IServiceCollection AddSelfMetrics(this IServiceCollection services) =>
        services.AddSingleton(_ => new MeterCollector(name => name.StartsWith("Metrics.", StringComparison.Ordinal)));

    /// <summary>Discovery feeding scrape loops that append to the registered <see cref="IAppendable"/>.</summary>
    public static IServiceCollection AddScraping(this IServiceCollection services, MetricsConfig config, ListenAddress address)
    {
        services.AddSingleton<CollectorMetrics>();
        services.AddSingleton<ScrapeManager>();
        services.AddHostedService(sp => sp.GetRequiredService<ScrapeManager>());
        services.AddTargetDiscovery(config.ScrapeConfigs, address.SelfTarget);
        return services;
    }

    /// <summary>
    /// The appendable that scrapes and rules write to: <typeparamref name="TLocal"/> (a local store) and,
    /// with remote_write configured, a durable buffer per destination under <paramref name="bufferRoot"/>.
    /// </summary>
    public static IServiceCollection AddAppendable<TLocal>(this IServiceCollection services, MetricsConfig config, string bufferRoot)
        where TLocal : class, IAppendable
    {
        services.AddSingleton<RemoteWriteMetrics>();
        if (config.RemoteWriteConfigs.Count == 0)
            return services.AddSingleton<IAppendable>(sp => sp.GetRequiredService<TLocal>());
        services.AddRemoteWrite(config, bufferRoot);
        return services.AddSingleton<IAppendable>(sp =>
            new FanoutAppendable([sp.GetRequiredService<TLocal>(), .. sp.GetRequiredService<RemoteWriteManager>().Queues]));
    }

    /// <summary>
    /// Registers the remote-write queues of <paramref name="config"/> and runs their senders as a
    /// hosted service. Register it before the scrape manager: hosted services stop in reverse order,
    /// so scraping stops first and the senders last.
    /// </summary>
    public static IServiceCollection AddRemoteWrite(this IServiceCollection services, MetricsConfig config, string bufferRoot)
    {
        services.AddSingleton(sp => new RemoteWriteManager(config.RemoteWriteConfigs, config.Global.ExternalLabels, bufferRoot,
            sp.GetRequiredService<RemoteWriteMetrics>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<RemoteWriteManager>());
        return services;
    }
}
