using System.CommandLine;
using Metrics.Collector;
using Metrics.Collector.Http;
using Metrics.Collector.RemoteWrite;
using Metrics.Collector.Scrape;
using Metrics.Collector.SelfMonitoring;
using Metrics.Host.Configuration;
using Metrics.Host.Http;
using Metrics.Host.Roles.Reload;
using System.Runtime.InteropServices;
using Metrics.Store.Abstractions;
using Metrics.Store.Configuration;

namespace Metrics.Host.Roles;

/// <summary>
/// <c>metrics collector</c>: discovery, scraping and remote write, with no local TSDB (like
/// Prometheus's agent mode). Scraped samples go to a durable on-disk buffer per remote_write
/// entry before the scrape is acknowledged, so a store outage loses nothing up to the buffer size.
/// </summary>
public static class CollectorCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config.file") { Description = "Configuration file path (scrape_configs and at least one remote_write).", Required = true };
        var listen = new Option<string>("--web.listen-address") { Description = "Address to listen on for /metrics, probes and /api/v1/targets.", DefaultValueFactory = _ => "0.0.0.0:9090" };
        var buffer = new Option<string>("--storage.remote-write.path") { Description = "Folder of the durable remote-write buffers (one subfolder per remote_write name).", DefaultValueFactory = _ => "./data-collector" };
        var command = new Command("collector", "Scrape targets and remote-write the samples to a store, without local storage.") { config, listen, buffer };
        command.SetAction((result, ct) => RunAsync(new CollectorOptions
        {
            ConfigFile = result.GetValue(config)!,
            ListenAddress = result.GetValue(listen)!,
            BufferPath = result.GetValue(buffer)!,
        }, ct));
        return command;
    }

    public static async Task<int> RunAsync(CollectorOptions options, CancellationToken ct)
    {
        MetricsConfig config;
        ListenAddress address;
        try
        {
            config = MetricsConfig.Load(options.ConfigFile);
            address = ListenAddress.Parse(options.ListenAddress, "--web.listen-address");
            if (config.RemoteWriteConfigs.Count == 0)
                throw new ConfigException(options.ConfigFile, 0, 0, "remote_write", "the collector role keeps no data itself: configure at least one remote_write destination");
        }
        catch (ConfigException e)
        {
            return await RoleHost.FailAsync(e.Message).ConfigureAwait(false);
        }

        WebApplicationBuilder builder = RoleHost.CreateBuilder(address);
        builder.Services.AddSelfMetrics();
        builder.Services.AddRemoteWrite(config, options.BufferPath);
        builder.Services.AddSingleton<IAppendable>(sp => new FanoutAppendable([.. sp.GetRequiredService<RemoteWriteManager>().Queues]));
        builder.Services.AddSingleton<RemoteWriteMetrics>();
        builder.Services.AddScraping(config, address);
        builder.Services.AddMainConfigReload(options.ConfigFile, null, address, scraping: true, alerting: false, validate: next =>
        {
            if (next.RemoteWriteConfigs.Count == 0)
                throw new ConfigException(options.ConfigFile, 0, 0, "remote_write", "the collector role keeps no data itself: configure at least one remote_write destination");
        });
        builder.Services.AddSingleton<ReadinessGate>();

        await using WebApplication app = builder.Build();
        app.MapHealthEndpoints();
        app.MapReloadEndpoint();
        app.MapTargetsApi();
        app.MapSelfMetrics();

        app.Services.GetRequiredService<MeterCollector>();
        try
        {
            // Open the buffers (checksum scan, torn-tail repair) before the port opens.
            app.Services.GetRequiredService<RemoteWriteManager>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return await RoleHost.FailAsync($"opening the remote-write buffer under {options.BufferPath}: {e.Message}").ConfigureAwait(false);
        }
        app.Services.GetRequiredService<MainConfigReload>().Started(config);
        await app.StartAsync(ct).ConfigureAwait(false);
        using PosixSignalRegistration? sighup = app.StartConfigReload();
        app.Services.GetRequiredService<ReadinessGate>().MarkReady();
        app.Logger.LogInformation("Collector is ready on {Address} with {Jobs} scrape jobs from {Config}, remote-writing to {Destinations}",
            options.ListenAddress, config.ScrapeConfigs.Count, config.Source, string.Join(", ", config.RemoteWriteConfigs.Select(r => r.Url)));
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
