using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Rules.Notifier;
using Metrics.Collector.Discovery;
using Metrics.Host.Configuration;

namespace Metrics.Host.Roles.Reload;

/// <summary>
/// A reload of the main config file (and the alertmanager.yml beside it) for the roles that read one:
/// everything is parsed and validated first (main config, alert manager config, every rule file); only then
/// are scrape jobs, rule groups, notifier settings and the alert manager's routing replaced. Parts a role does
/// not run are left null. remote_write changes are not applied (the durable queues would have to be reopened):
/// they are reported as needing a restart.
/// </summary>
internal sealed partial class MainConfigReload
{
    public required string? ConfigFile { get; init; }

    /// <summary><c>--alertmanager.config.file</c>, which wins over the inline section.</summary>
    public string? AlertmanagerFile { get; init; }

    /// <summary>The address rules send to when <c>alerting.alertmanagers</c> is empty (this process).</summary>
    public string SelfUrl { get; init; } = "";

    /// <summary>Role-specific checks of a loaded config (the collector needs remote_write, ...); throws ConfigException.</summary>
    public Action<MetricsConfig> Validate { get; init; } = _ => { };

    public DiscoveryManager? Discovery { get; init; }
    public RuleManager? Rules { get; init; }
    public AlertNotifier? Notifier { get; init; }
    public AlertManager? AlertManager { get; init; }
    public required ILogger Logger { get; init; }

    private readonly Lock _gate = new();
    private MetricsConfig _current = new();
    private ConfigFingerprints? _prints;
    // remote_write is never reloaded: later reloads compare against what the queues were opened with.
    private ConfigFingerprints? _startPrints;
    private MetricsConfig _started = new();

    /// <summary>The config now in effect, for /api/v1/status/config.</summary>
    public MetricsConfig Current
    {
        get { lock (_gate) return _current; }
    }

    /// <summary>Records the config the role started with, the baseline the next reload compares against.</summary>
    public void Started(MetricsConfig config)
    {
        lock (_gate)
        {
            _current = _started = config;
            _prints = _startPrints = ConfigFingerprints.Of(config);
        }
    }

    /// <summary>Loads, validates and applies; throws before changing anything when something is invalid.</summary>
    public void Reload()
    {
        // Parse and validate every part first.
        MetricsConfig next = ConfigFile is null ? MetricsConfig.EmbeddedDefault() : MetricsConfig.Load(ConfigFile);
        Validate(next);
        AlertmanagerConfig? alertmanager = AlertManager is null ? null : AlertingWiring.AlertmanagerConfigFor(next, AlertmanagerFile);
        List<RuleGroupDefinition>? groups = Rules is null ? null
            : RuleManager.ParseFiles(next.RuleFiles, AlertingWiring.ConfigFolder(ConfigFile));
        ConfigFingerprints nextPrints = ConfigFingerprints.Of(next);

        lock (_gate)
        {
            ConfigFingerprints previous = _prints ?? nextPrints;
            // Then apply. The alert manager goes first: building its receivers reads credential files and may
            // still fail, and it swaps nothing until that has worked; what follows does not fail on a validated config.
            if (AlertManager is not null && alertmanager is not null) AlertManager.ApplyConfig(alertmanager);
            Discovery?.ApplyConfigs(next.ScrapeConfigs, previous.UnchangedJobs(nextPrints));
            // Queue and retry settings come from flags, which a reload does not change.
            Notifier?.Reconfigure(Notifier.Options with
            {
                Alertmanagers = AlertingWiring.AlertmanagersFor(next, SelfUrl),
                ExternalLabels = next.Global.ExternalLabels,
                Relabel = AlertingWiring.AlertRelabelFor(next),
            });
            if (Rules is not null && groups is not null)
                Rules.Update(groups, next.Global.EvaluationInterval, Rules.Options with { ExternalLabels = next.Global.ExternalLabels });
            if ((_startPrints ?? nextPrints).SectionChanged(nextPrints, "remote_write")
                || (next.RemoteWriteConfigs.Count > 0 && !_started.Global.ExternalLabels.Equals(next.Global.ExternalLabels)))
                LogNeedsRestart(Logger);
            _current = next;
            _prints = nextPrints;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write (or the external labels it sends) changed: the remote-write queues keep their previous settings until the process restarts")]
    private static partial void LogNeedsRestart(ILogger logger);
}
