using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Rules.Notifier;
using Metrics.Collector.Config;
using Metrics.Collector.Relabel;
using Metrics.Store.Configuration;

namespace Metrics.Host.Configuration;

/// <summary>The whole configuration file: Prometheus's sections, each parsed by the component that owns it.</summary>
public sealed class MetricsConfig
{
    public GlobalConfig Global { get; init; } = GlobalConfig.Default;
    public IReadOnlyList<ScrapeConfig> ScrapeConfigs { get; init; } = [];
    public IReadOnlyList<RemoteWriteConfig> RemoteWriteConfigs { get; init; } = [];

    /// <summary><c>rule_files</c>: globs of Prometheus rule files, relative to the config file's folder.</summary>
    public IReadOnlyList<string> RuleFiles { get; init; } = [];

    /// <summary><c>alerting.alertmanagers</c>.</summary>
    public AlertingConfig Alerting { get; init; } = AlertingConfig.Empty;

    /// <summary><c>alerting.alert_relabel_configs</c>.</summary>
    public IReadOnlyList<RelabelConfig> AlertRelabelConfigs { get; init; } = [];

    /// <summary>An inline <c>alertmanager:</c> section in the alertmanager.yml schema; null when absent.</summary>
    public AlertmanagerConfig? Alertmanager { get; init; }

    /// <summary>Where the text came from, for messages: a path or "embedded default".</summary>
    public string Source { get; init; } = "";

    /// <summary>The YAML as loaded, for /api/v1/status/config.</summary>
    public string Text { get; init; } = "";

    /// <summary>Parses and validates; throws <see cref="ConfigException"/> naming file, line and field.</summary>
    public static MetricsConfig Parse(string text, string source)
    {
        YamlSection root = YamlSection.Load(text, source);
        root.AllowOnly("global", "scrape_configs", "remote_write", "rule_files", "alerting", "alertmanager");
        GlobalConfig global = GlobalConfig.Parse(root.GetSection("global"));
        var jobs = new List<ScrapeConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<YamlSection> sections = root.GetSectionList("scrape_configs");
        foreach (YamlSection section in sections)
        {
            ScrapeConfig job = ScrapeConfig.Parse(section, global);
            if (!seen.Add(job.JobName))
                throw section.Error("job_name", $"found multiple scrape configs with job name \"{job.JobName}\"");
            jobs.Add(job);
        }
        IReadOnlyList<RemoteWriteConfig> remoteWrite = RemoteWriteConfig.ParseList(root, "remote_write");
        IReadOnlyList<string> ruleFiles = root.GetStringList("rule_files");
        foreach (string pattern in ruleFiles)
            if (!GoGlob.IsValidPattern(pattern)) throw root.Error("rule_files", $"invalid rule file path \"{pattern}\"");
        YamlSection? alerting = root.GetSection("alerting");
        return new MetricsConfig
        {
            Global = global,
            ScrapeConfigs = jobs,
            RemoteWriteConfigs = remoteWrite,
            RuleFiles = ruleFiles,
            Alerting = AlertingConfig.Parse(alerting),
            AlertRelabelConfigs = alerting is null ? [] : RelabelConfig.ParseList(alerting, "alert_relabel_configs"),
            Alertmanager = root.GetSection("alertmanager") is { } alertmanager ? AlertmanagerConfig.Parse(alertmanager) : null,
            Source = source,
            Text = text,
        };
    }

    /// <summary>Reads a file; a missing or unreadable file is a <see cref="ConfigException"/> too.</summary>
    public static MetricsConfig Load(string path) => Parse(ConfigFile.ReadAllText(path), path);

    /// <summary>The embedded default, the same text as deploy/local/metrics.yml.</summary>
    public static string EmbeddedDefaultText()
    {
        using Stream stream = typeof(MetricsConfig).Assembly.GetManifestResourceStream("metrics.yml")
            ?? throw new InvalidOperationException("the embedded default config is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static MetricsConfig EmbeddedDefault() => Parse(EmbeddedDefaultText(), "embedded default (deploy/local/metrics.yml)");
}
