using Metrics.Alerting.Manager.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Manager;

/// <summary>Registers the alert manager in a host: the engine as a singleton and its timers as a hosted service.</summary>
public static class AlertManagerServiceCollectionExtensions
{
    /// <summary>Adds the alert manager; <paramref name="dataDir"/> holds silences and the notification log.</summary>
    public static IServiceCollection AddAlertManager(this IServiceCollection services, AlertmanagerConfig config, string dataDir, string externalUrl = "")
    {
        services.AddSingleton<AlertManagerMetrics>();
        services.AddSingleton(sp => new AlertManager(config,
            new AlertManagerOptions { DataDirectory = dataDir, ExternalUrl = externalUrl.TrimEnd('/') },
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<AlertManagerMetrics>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<AlertManagerService>();
        return services;
    }
}

/// <summary>Runs the dispatcher's timers and periodic garbage collection for the host's lifetime.</summary>
internal sealed class AlertManagerService(AlertManager manager) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Task dispatch = manager.RunDispatcherAsync(stoppingToken);
        using var gc = new PeriodicTimer(TimeSpan.FromMinutes(15), manager.Time);
        try
        {
            while (await gc.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) manager.CollectGarbage();
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
        await dispatch.ConfigureAwait(false);
    }
}
