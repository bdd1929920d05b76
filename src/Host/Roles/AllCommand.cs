using System.CommandLine;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Collector;
using Metrics.Collector.Discovery;
using Metrics.Collector.Http;
using Metrics.Collector.RemoteWrite;
using Metrics.Collector.Scrape;
using Metrics.Collector.SelfMonitoring;
using Metrics.Host.Configuration;
using Metrics.Host.Http;
using Metrics.Host.Roles.Reload;
using System.Runtime.InteropServices;
using Metrics.Query;
using Metrics.Query.Engine;
using Metrics.Query.Http;
using Metrics.Store.Abstractions;
using Metrics.Store.Configuration;
using Metrics.Store;
using Metrics.Store.Head;
using Metrics.Store.Http;
using Metrics.Store.Tsdb;
using Metrics.Store.Wal;

namespace Metrics.Host.Roles;

/// <summary><c>metrics all</c>: every role in one process on one port, for a laptop or a small cluster.</summary>
public static class AllCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config.file") { Description = "Configuration file path; without it the embedded default scrapes this process." };
        var alertmanager = new Option<string?>("--alertmanager.config.file") { Description = "An alertmanager.yml, unchanged; wins over the config's inline alertmanager section." };
        var listen = new Option<string>("--web.listen-address") { Description = "Address to listen on for the API, UI and telemetry.", DefaultValueFactory = _ => "0.0.0.0:9090" };
        var path = new Option<string>("--storage.tsdb.path") { Description = "Base path for metrics storage.", DefaultValueFactory = _ => "./data" };
        var retentionTime = new Option<string>("--storage.tsdb.retention.time") { Description = "How long to keep data (a duration such as 15d).", DefaultValueFactory = _ => "15d" };
        var retentionSize = new Option<string?>("--storage.tsdb.retention.size") { Description = "The most bytes of blocks to keep (e.g. 512MB, 10GB); unlimited by default." };
        var queryTimeout = new Option<string>("--query.timeout") { Description = "Maximum time a query may take before it is aborted.", DefaultValueFactory = _ => "2m" };
        var queryConcurrency = new Option<int>("--query.max-concurrency") { Description = "Maximum number of queries evaluated at once; others wait.", DefaultValueFactory = _ => 20 };
        var querySamples = new Option<int>("--query.max-samples") { Description = "Maximum number of samples a single query may load into memory.", DefaultValueFactory = _ => 50_000_000 };
        var lookback = new Option<string>("--query.lookback-delta") { Description = "How far back an instant selector looks for a sample.", DefaultValueFactory = _ => "5m" };
        var fsync = new Option<bool>("--storage.tsdb.wal-fsync") { Description = "fsync the write-ahead log before acknowledging each write (power-loss durability, slower)." };
        var command = new Command("all", "Run every role (scrape, store, query) in one process.") { config, alertmanager, listen, path, retentionTime, retentionSize, fsync, queryTimeout, queryConcurrency, querySamples, lookback };
        command.SetAction((result, ct) => RunAsync(new AllOptions
        {
            ConfigFile = result.GetValue(config),
            AlertmanagerConfigFile = result.GetValue(alertmanager),
            ListenAddress = result.GetValue(listen)!,
            StoragePath = result.GetValue(path)!,
            WalFsync = result.GetValue(fsync),
            RetentionTime = result.GetValue(retentionTime)!,
            RetentionSize = result.GetValue(retentionSize),
            QueryTimeout = result.GetValue(queryTimeout)!,
            QueryMaxConcurrency = result.GetValue(queryConcurrency),
            QueryMaxSamples = result.GetValue(querySamples),
            LookbackDelta = result.GetValue(lookback)!,
        }, ct));
        return command;
    }

    public static async Task<int> RunAsync(AllOptions options, CancellationToken ct)
    {
        MetricsConfig config;
        ListenAddress address;
        (TimeSpan Time, long Bytes) retention;
        EngineOptions engineOptions;
        AlertmanagerConfig alertmanager;
        try
        {
            config = options.ConfigFile is null ? MetricsConfig.EmbeddedDefault() : MetricsConfig.Load(options.ConfigFile);
            alertmanager = AlertingWiring.AlertmanagerConfigFor(config, options.AlertmanagerConfigFile);
            address = ListenAddress.Parse(options.ListenAddress, "--web.listen-address");
            retention = FlagParsing.ParseRetention(options.RetentionTime, options.RetentionSize);
            engineOptions = new EngineOptions
            {
                Timeout = FlagParsing.ParsePositiveDuration(options.QueryTimeout, "--query.timeout"),
                LookbackDelta = FlagParsing.ParsePositiveDuration(options.LookbackDelta, "--query.lookback-delta"),
                MaxConcurrency = options.QueryMaxConcurrency > 0 ? options.QueryMaxConcurrency
                    : throw new ConfigException("--query.max-concurrency", 0, 0, "", "must be at least 1"),
                MaxSamples = options.QueryMaxSamples > 0 ? options.QueryMaxSamples
                    : throw new ConfigException("--query.max-samples", 0, 0, "", "must be at least 1"),
            };
        }
        catch (ConfigException e)
        {
            return await RoleHost.FailAsync(e.Message).ConfigureAwait(false);
        }
        WebApplicationBuilder builder = RoleHost.CreateBuilder(address);
        builder.Services.AddSingleton<StoreMetrics>();
        builder.Services.AddSingleton(sp => TsdbStorage.Open(
            new TsdbOptions
            {
                Path = options.StoragePath,
                Head = new HeadOptions { Wal = new WalOptions { Fsync = options.WalFsync } },
                RetentionTime = retention.Time,
                RetentionBytes = retention.Bytes,
            },
            sp.GetRequiredService<StoreMetrics>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics.Store.Tsdb")));
        builder.Services.AddSingleton<IStorage>(sp => sp.GetRequiredService<TsdbStorage>());
        // With remote_write configured, scrapes go to the TSDB and to each remote-write buffer (kept under the TSDB path).
        builder.Services.AddAppendable<TsdbStorage>(config, Path.Combine(options.StoragePath, "remote-write"));
        builder.Services.AddSingleton<ISeriesQueryable>(sp => sp.GetRequiredService<TsdbStorage>());
        builder.Services.AddQueryEngine(engineOptions);
        builder.Services.AddSelfMetrics();
        builder.Services.AddScraping(config, address);
        AlertingWiring.AddAlerting(builder.Services, config, alertmanager, options.StoragePath, address);
        builder.Services.AddMainConfigReload(options.ConfigFile, options.AlertmanagerConfigFile, address, scraping: true, alerting: true);
        builder.Services.AddSingleton<ReadinessGate>();
        DateTimeOffset startTime = DateTimeOffset.UtcNow;   // now, not when the lazily built StatusInfo is first asked for
        builder.Services.AddSingleton(sp => new StatusInfo
        {
            StartTime = startTime,
            Flags = new Dictionary<string, string>
            {
                ["config.file"] = options.ConfigFile ?? "",
                ["alertmanager.config.file"] = options.AlertmanagerConfigFile ?? "",
                ["web.listen-address"] = options.ListenAddress,
                ["storage.tsdb.path"] = options.StoragePath,
                ["storage.tsdb.retention.time"] = options.RetentionTime,
                ["storage.tsdb.retention.size"] = options.RetentionSize ?? "0B",
                ["storage.tsdb.wal-fsync"] = options.WalFsync ? "true" : "false",
                ["query.timeout"] = options.QueryTimeout,
                ["query.max-concurrency"] = options.QueryMaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["query.max-samples"] = options.QueryMaxSamples.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["query.lookback-delta"] = options.LookbackDelta,
            },
            ConfigYaml = () => sp.GetRequiredService<MainConfigReload>().Current.Text,
            StorageRetention = options.RetentionTime + (options.RetentionSize is null ? "" : " or " + options.RetentionSize),
            ReloadConfigSuccess = () => sp.GetRequiredService<ConfigReloader>().LastSuccessful,
            LastConfigTime = () => sp.GetRequiredService<ConfigReloader>().LastSuccessTime,
        });

        await using WebApplication app = builder.Build();
        app.MapHealthEndpoints();
        app.MapReloadEndpoint();
        app.MapQueryApi();
        app.MapStatusApi();
        app.MapRemoteWrite();
        app.MapTargetsApi();
        app.MapSelfMetrics();
        AlertingWiring.MapAlerting(app);

        // Resolve the meter collector before anything records, so no early measurement is missed;
        // open the store (WAL replay) before the port opens, so /-/ready means "data is back".
        app.Services.GetRequiredService<MeterCollector>();
        try
        {
            app.Services.GetRequiredService<TsdbStorage>().StartMaintenance(TimeProvider.System);
            if (config.RemoteWriteConfigs.Count > 0) app.Services.GetRequiredService<RemoteWriteManager>();   // opens (and repairs) the buffers
        }
        catch (IOException e)
        {
            return await RoleHost.FailAsync($"opening storage at {options.StoragePath}: {e.Message}").ConfigureAwait(false);
        }
        if (!await AlertingWiring.LoadRulesAsync(app, config, options.ConfigFile).ConfigureAwait(false)) return 1;
        app.Services.GetRequiredService<MainConfigReload>().Started(config);
        await app.StartAsync(ct).ConfigureAwait(false);
        using PosixSignalRegistration? sighup = app.StartConfigReload();
        app.Services.GetRequiredService<ReadinessGate>().MarkReady();
        app.Logger.LogInformation("Server is ready to receive web requests on {Address} with {Jobs} scrape jobs from {Config}",
            options.ListenAddress, config.ScrapeConfigs.Count, config.Source);
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
