using System.CommandLine;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Http;
using Metrics.Collector.Http;
using Metrics.Collector.SelfMonitoring;
using Metrics.Host.Http;
using Metrics.Host.Roles.Reload;
using System.Runtime.InteropServices;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Host.Roles;

/// <summary>
/// <c>metrics alertmanager ...</c>: the alert manager on its own (<c>run</c>, flags as prometheus-alertmanager's) and
/// amtool's offline verbs over an alertmanager.yml (<c>check-config</c>, <c>routes test</c>).
/// </summary>
public static class AlertmanagerCommand
{
    public static Command Create()
    {
        var root = new Command("alertmanager", "The alert manager alone, and amtool's offline checks.");
        root.Subcommands.Add(CreateRun());

        var files = new Argument<string[]>("FILE") { Description = "alertmanager.yml files to check.", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check-config", "Validate alertmanager config files (as amtool check-config).") { files };
        check.SetAction(result => CheckConfigs(result.GetValue(files)!, Console.Out, Console.Error));
        root.Subcommands.Add(check);

        var configFile = new Option<string>("--config.file") { Description = "Config file to be tested.", Required = true };
        var verify = new Option<string?>("--verify.receivers") { Description = "Fail unless the labels route to exactly these receivers (comma separated)." };
        var labels = new Argument<string[]>("labels") { Description = "Labels as name=value.", Arity = ArgumentArity.ZeroOrMore };
        var test = new Command("test", "Print the receivers a label set routes to (as amtool config routes test).") { configFile, verify, labels };
        test.SetAction(result => TestRoutes(result.GetValue(configFile)!, result.GetValue(labels) ?? [], result.GetValue(verify), Console.Out, Console.Error));
        var routes = new Command("routes", "Routing tree utilities.") { test };
        root.Subcommands.Add(routes);
        return root;
    }

    private static Command CreateRun()
    {
        var config = new Option<string>("--config.file") { Description = "Alertmanager configuration file.", DefaultValueFactory = _ => "alertmanager.yml" };
        var listen = new Option<string>("--web.listen-address") { Description = "Address to listen on for the API.", DefaultValueFactory = _ => "0.0.0.0:9093" };
        var storage = new Option<string>("--storage.path") { Description = "Where silences and the notification log are kept.", DefaultValueFactory = _ => "data/" };
        var external = new Option<string>("--web.external-url") { Description = "The URL users reach the alert manager at (for links in notifications).", DefaultValueFactory = _ => "" };
        var run = new Command("run", "Run the alert manager (API v2 on --web.listen-address).") { config, listen, storage, external };
        run.SetAction((result, ct) => RunAsync(result.GetValue(config)!, result.GetValue(listen)!, result.GetValue(storage)!, result.GetValue(external)!, ct));
        return run;
    }

    public static async Task<int> RunAsync(string configFile, string listenAddress, string storagePath, string externalUrl, CancellationToken ct)
    {
        AlertmanagerConfig config;
        ListenAddress address;
        try
        {
            config = AlertmanagerConfig.Load(configFile);
            address = ListenAddress.Parse(listenAddress, "--web.listen-address");
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 1;
        }
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddJsonConsole(o => o.UseUtcTimestamp = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => address.Bind(k));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReadinessGate>();
        builder.Services.AddSingleton(_ => new MeterCollector(name => name.StartsWith("Metrics.", StringComparison.Ordinal)));
        builder.Services.AddAlertManager(config, storagePath, externalUrl);
        // Reload re-reads --config.file; Alertmanager publishes only its own alertmanager_config_* gauges.
        builder.Services.AddConfigReload(sp => () => sp.GetRequiredService<AlertManager>().ApplyConfig(AlertmanagerConfig.Load(configFile)),
            mainConfig: false, alertmanagerConfig: true);
        await using WebApplication app = builder.Build();
        app.MapHealthEndpoints();
        app.MapReloadEndpoint();
        app.MapAlertmanagerApi();
        app.MapSelfMetrics();
        app.Services.GetRequiredService<MeterCollector>();
        try
        {
            app.Services.GetRequiredService<AlertManager>();   // loads silences and the notification log before the port opens
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: opening {storagePath}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        await app.StartAsync(ct).ConfigureAwait(false);
        using PosixSignalRegistration? sighup = app.StartConfigReload();
        app.Services.GetRequiredService<ReadinessGate>().MarkReady();
        app.Logger.LogInformation("Alert manager listening on {Address} with {Receivers} receivers from {Config}", listenAddress, config.Receivers.Count, configFile);
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return 0;
    }

    public static int CheckConfigs(IEnumerable<string> paths, TextWriter stdout, TextWriter stderr)
    {
        int status = 0;
        foreach (string path in paths)
        {
            try
            {
                AlertmanagerConfig config = AlertmanagerConfig.Load(path);
                stdout.WriteLine($"Checking '{path}'  SUCCESS: {config.Receivers.Count} receivers, {config.InhibitRules.Count} inhibit rules, {config.Templates.Count} templates");
            }
            catch (ConfigException e)
            {
                stderr.WriteLine($"Checking '{path}'  FAILED: {e.Message}");
                status = 1;
            }
        }
        return status;
    }

    public static int TestRoutes(string path, IEnumerable<string> arguments, string? verify, TextWriter stdout, TextWriter stderr)
    {
        AlertmanagerConfig config;
        LabelSet labelSet;
        try
        {
            config = AlertmanagerConfig.Load(path);
            labelSet = RouteTester.ParseLabels(arguments);
        }
        catch (ConfigException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (FormatException e)
        {
            stderr.WriteLine("error: Failed to parse labels: " + e.Message);
            return 1;
        }
        string receivers = RouteTester.Receivers(config, labelSet);
        stdout.WriteLine(receivers);
        if (verify is not null && verify != receivers)
        {
            stderr.WriteLine("WARNING: Expected receivers did not match resolved receivers.");
            return 1;
        }
        return 0;
    }
}
