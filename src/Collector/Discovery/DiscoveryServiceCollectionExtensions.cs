using Metrics.Collector.Config;
using Metrics.Collector.Scrape;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Discovery;

public static class DiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// Runs target discovery for <paramref name="configs"/> as a hosted service that feeds the
    /// registered <see cref="ScrapeManager"/>.
    /// </summary>
    public static IServiceCollection AddTargetDiscovery(this IServiceCollection services, IReadOnlyList<ScrapeConfig> configs, string selfAddress)
    {
        services.AddSingleton(sp => new DiscoveryMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(sp => new DiscoveryManager(configs, sp.GetRequiredService<ScrapeManager>().ApplyTargets,
            new DiscoveryOptions { SelfAddress = selfAddress, Clock = sp.GetRequiredService<TimeProvider>(), Metrics = sp.GetRequiredService<DiscoveryMetrics>() },
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryManager>());
        return services;
    }
}
