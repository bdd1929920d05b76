using Metrics.Alerting.Http;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Http;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Rules.Notifier;
using Metrics.Collector.Relabel;
using Metrics.Host.Configuration;
using Metrics.Store.Configuration;

namespace Metrics.Host.Roles;

/// <summary>
/// Rules plus the alert manager, as <c>metrics alerting</c> and <c>metrics all</c> both run them.
/// Rules send to <c>alerting.alertmanagers</c>; with none configured they send to this process's
/// own alert manager over API v2, the same wire a separate deployment would use.
/// </summary>
internal static class AlertingWiring
{
    /// <summary>Used when neither --alertmanager.config.file nor an inline <c>alertmanager:</c> section is given:
    /// alerts are grouped and visible in the API, and delivered nowhere.</summary>
    private const string DefaultAlertmanagerYaml = "route:\n  receiver: default\nreceivers:\n  - name: default\n";

    /// <summary>The flag's file wins over the main config's inline section; else the built-in default.</summary>
    public static AlertmanagerConfig AlertmanagerConfigFor(MetricsConfig config, string? flagPath) =>
        flagPath is not null ? AlertmanagerConfig.Load(flagPath)
        : config.Alertmanager ?? AlertmanagerConfig.Parse(DefaultAlertmanagerYaml, "built-in default alertmanager config");

    public static void AddAlerting(IServiceCollection services, MetricsConfig config, AlertmanagerConfig alertmanager,
        string dataDir, ListenAddress address)
    {
        string self = "http://" + address.SelfTarget;
        services.AddAlertManager(alertmanager, Path.Combine(dataDir, "alertmanager"), self);
        services.AddRuleEvaluation(new RuleEvaluationSettings
        {
            ExternalLabels = config.Global.ExternalLabels,
            ExternalUrl = self,
            Alertmanagers = AlertmanagersFor(config, self),
            AlertRelabel = AlertRelabelFor(config),
        });
    }

    /// <summary><c>alerting.alertmanagers</c>, or this process's own alert manager when none is configured.</summary>
    public static IReadOnlyList<AlertmanagerEndpoint> AlertmanagersFor(MetricsConfig config, string self) =>
        config.Alerting.Alertmanagers.Count > 0 ? config.Alerting.Alertmanagers
            : [new AlertmanagerEndpoint(new Uri(self), TimeSpan.FromSeconds(10))];

    public static Func<Metrics.Store.Labels.LabelSet, Metrics.Store.Labels.LabelSet?>? AlertRelabelFor(MetricsConfig config) =>
        config.AlertRelabelConfigs.Count == 0 ? null : labels => Relabeler.Process(labels, config.AlertRelabelConfigs);

    /// <summary>The folder <c>rule_files</c> are relative to: the config file's.</summary>
    public static string ConfigFolder(string? configFile) => Path.GetDirectoryName(Path.GetFullPath(configFile ?? "metrics.yml"))!;

    public static void MapAlerting(WebApplication app)
    {
        app.MapRulesApi();
        app.MapAlertmanagerApi();
    }

    /// <summary>Loads <c>rule_files</c> (relative to the config file's folder); false after printing the error.</summary>
    public static async Task<bool> LoadRulesAsync(WebApplication app, MetricsConfig config, string? configFile)
    {
        try
        {
            app.Services.GetRequiredService<RuleManager>().LoadFiles(config.RuleFiles, ConfigFolder(configFile), config.Global.EvaluationInterval);
            return true;
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync("error: loading rules: " + e.Message).ConfigureAwait(false);
            return false;
        }
    }
}
