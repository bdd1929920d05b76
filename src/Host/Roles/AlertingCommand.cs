using System.CommandLine;
using Metrics.Collector.RemoteWrite;
using Metrics.Collector.SelfMonitoring;
using Metrics.Collector.Http;
using Metrics.Host.Configuration;
using Metrics.Host.Http;
using Metrics.Host.Roles.Reload;
using System.Runtime.InteropServices;
using Metrics.Query.Engine;
using Metrics.Query.Remote;
using Metrics.Store;
using Metrics.Store.Abstractions;
using Metrics.Store.Configuration;
using Metrics.Store.Tsdb;

namespace Metrics.Host.Roles;

/// <summary>
/// <c>metrics alerting</c>: rule evaluation and the alert manager as one role, like Thanos Ruler
/// beside an Alertmanager. Rule expressions are evaluated by a query role over the Prometheus HTTP
/// API (--query.url); recording-rule results and ALERTS/ALERTS_FOR_STATE land in a small local TSDB
/// (so `for` state survives a restart) and, with remote_write configured, are shipped to the store.
/// </summary>
public static class AlertingCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config.file") { Description = "Configuration file (rule_files, alerting, an inline alertmanager section, remote_write)." };
        var alertmanager = new Option<string?>("--alertmanager.config.file") { Description = "An alertmanager.yml, unchanged; wins over the inline alertmanager section." };
        var listen = new Option<string>("--web.listen-address") { Description = "Address for /api/v2 (alert manager), /api/v1/rules, /api/v1/alerts, /metrics.", DefaultValueFactory = _ => "0.0.0.0:9093" };
        var path = new Option<string>("--storage.tsdb.path") { Description = "Folder for rule results, alert state, silences and the notification log.", DefaultValueFactory = _ => "./data-alerting" };
        var queryUrl = new Option<string?>("--query.url") { Description = "Base URL of a Prometheus HTTP API that evaluates rule expressions (e.g. http://metrics-query:9090); required with rule_files." };
        var queryTimeout = new Option<string>("--query.timeout") { Description = "Timeout of one rule query.", DefaultValueFactory = _ => "2m" };
        var command = new Command("alerting", "Evaluate recording and alerting rules and route alerts to receivers.")
            { config, alertmanager, listen, path, queryUrl, queryTimeout };
        command.SetAction((result, ct) => RunAsync(result.GetValue(config), result.GetValue(alertmanager), result.GetValue(listen)!,
            result.GetValue(path)!, result.GetValue(queryUrl), result.GetValue(queryTimeout)!, ct));
        return command;
    }

    public static async Task<int> RunAsync(string? configFile, string? alertmanagerFile, string listen, string dataDir,
        string? queryUrl, string queryTimeout, CancellationToken ct)
    {
        MetricsConfig config;
        ListenAddress address;
        Metrics.Alerting.Manager.Configuration.AlertmanagerConfig alertmanager;
        Uri? query = null;
        TimeSpan timeout;
        try
        {
            config = configFile is null ? new MetricsConfig { Source = "no config file" } : MetricsConfig.Load(configFile);
            address = ListenAddress.Parse(listen, "--web.listen-address");
            alertmanager = AlertingWiring.AlertmanagerConfigFor(config, alertmanagerFile);
            timeout = FlagParsing.ParsePositiveDuration(queryTimeout, "--query.timeout");
            if (queryUrl is not null && !(Uri.TryCreate(queryUrl, UriKind.Absolute, out query) && query.Scheme is "http" or "https"))
                throw new ConfigException("--query.url", 0, 0, "", $"invalid URL \"{queryUrl}\": expected http(s)://host:port");
            if (config.RuleFiles.Count > 0 && query is null)
                throw new ConfigException(configFile ?? "", 0, 0, "rule_files", "rule files need a query role to evaluate them: pass --query.url");
        }
        catch (ConfigException e)
        {
            return await RoleHost.FailAsync(e.Message).ConfigureAwait(false);
        }

        WebApplicationBuilder builder = RoleHost.CreateBuilder(address);
        builder.Services.AddSingleton<StoreMetrics>();
        builder.Services.AddSingleton(sp => TsdbStorage.Open(new TsdbOptions { Path = dataDir, RetentionTime = TimeSpan.FromDays(1) },
            sp.GetRequiredService<StoreMetrics>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Metrics.Store.Tsdb")));
        builder.Services.AddSingleton<ISeriesQueryable>(sp => sp.GetRequiredService<TsdbStorage>());
        builder.Services.AddAppendable<TsdbStorage>(config, Path.Combine(dataDir, "remote-write"));
        var http = new HttpClient();
        builder.Services.AddSingleton<IQueryEngine>(_ => new HttpQueryEngine(http, query ?? new Uri("http://" + address.SelfTarget), timeout));
        builder.Services.AddSelfMetrics();
        builder.Services.AddSingleton<ReadinessGate>();
        AlertingWiring.AddAlerting(builder.Services, config, alertmanager, dataDir, address);
        bool hasQuery = query is not null;
        builder.Services.AddMainConfigReload(configFile, alertmanagerFile, address, scraping: false, alerting: true, validate: next =>
        {
            if (next.RuleFiles.Count > 0 && !hasQuery)
                throw new ConfigException(configFile ?? "", 0, 0, "rule_files", "rule files need a query role to evaluate them: pass --query.url");
        });

        await using WebApplication app = builder.Build();
        app.MapHealthEndpoints();
        app.MapReloadEndpoint();
        app.MapSelfMetrics();
        AlertingWiring.MapAlerting(app);
        app.Services.GetRequiredService<MeterCollector>();
        try
        {
            app.Services.GetRequiredService<TsdbStorage>().StartMaintenance(TimeProvider.System);
        }
        catch (IOException e)
        {
            return await RoleHost.FailAsync($"opening storage at {dataDir}: {e.Message}").ConfigureAwait(false);
        }
        if (!await AlertingWiring.LoadRulesAsync(app, config, configFile).ConfigureAwait(false)) return 1;
        app.Services.GetRequiredService<MainConfigReload>().Started(config);
        await app.StartAsync(ct).ConfigureAwait(false);
        using PosixSignalRegistration? sighup = app.StartConfigReload();
        app.Services.GetRequiredService<ReadinessGate>().MarkReady();
        app.Logger.LogInformation("Alerting is ready on {Address}: {RuleFiles} rule file patterns evaluated by {Query}",
            listen, config.RuleFiles.Count, query?.ToString() ?? "(no rules)");
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        http.Dispose();
        return 0;
    }
}
