using Metrics.Collector.Relabel;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Collector.Config;

/// <summary>One entry of Prometheus's <c>scrape_configs</c>: a job and how to scrape its targets.</summary>
public sealed class ScrapeConfig
{
    /// <summary>The target name that stands for this process's own listen address.</summary>
    public const string SelfTarget = "self";

    public required string JobName { get; init; }
    public TimeSpan ScrapeInterval { get; init; }
    public TimeSpan ScrapeTimeout { get; init; }
    public string MetricsPath { get; init; } = "/metrics";
    public string Scheme { get; init; } = "http";
    public bool HonorLabels { get; init; }
    public bool HonorTimestamps { get; init; } = true;
    public IReadOnlyList<StaticConfig> StaticConfigs { get; init; } = [];
    public IReadOnlyList<Discovery.Files.FileSdConfig> FileSdConfigs { get; init; } = [];
    public IReadOnlyList<Discovery.Kubernetes.KubernetesSdConfig> KubernetesSdConfigs { get; init; } = [];

    /// <summary>Applied to each target's labels (<c>__address__</c>, <c>__scheme__</c>, ...) before scraping; may drop targets.</summary>
    public IReadOnlyList<RelabelConfig> RelabelConfigs { get; init; } = [];

    /// <summary>Applied to every scraped sample's labels before storing; may drop samples.</summary>
    public IReadOnlyList<RelabelConfig> MetricRelabelConfigs { get; init; } = [];

    /// <summary>sample_limit, label limits and body_size_limit; zero means unlimited.</summary>
    public ScrapeLimits Limits { get; init; } = ScrapeLimits.None;

    private static readonly string[] Fields =
    [
        "job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme",
        "honor_labels", "honor_timestamps", "static_configs", "relabel_configs", "metric_relabel_configs",
        "file_sd_configs", "kubernetes_sd_configs",
        .. ScrapeLimits.Fields,
    ];

    public static ScrapeConfig Parse(YamlSection section, GlobalConfig global)
    {
        section.AllowOnly(Fields);
        string job = section.RequireString("job_name");
        TimeSpan interval = GlobalConfig.Positive(section, "scrape_interval") ?? global.ScrapeInterval;
        TimeSpan? explicitTimeout = GlobalConfig.Positive(section, "scrape_timeout");
        TimeSpan timeout = explicitTimeout ?? global.ScrapeTimeout;
        if (timeout > interval)
        {
            if (explicitTimeout is not null)
                throw section.Error("scrape_timeout", $"scrape timeout greater than scrape interval for job \"{job}\"");
            timeout = interval;  // as Prometheus: an inherited timeout shrinks to a shorter interval
        }
        string path = section.GetString("metrics_path", "/metrics");
        if (!path.StartsWith('/')) throw section.Error("metrics_path", $"must start with \"/\", got \"{path}\"");
        string scheme = section.GetString("scheme", "http");
        if (scheme is not ("http" or "https")) throw section.Error("scheme", $"must be http or https, got \"{scheme}\"");

        var statics = new List<StaticConfig>();
        foreach (YamlSection sc in section.GetSectionList("static_configs"))
        {
            sc.AllowOnly("targets", "labels");
            IReadOnlyList<string> targets = sc.GetStringList("targets");
            foreach (string t in targets)
            {
                if (!IsValidTarget(t))
                    throw sc.Error("targets", $"invalid target \"{t}\": expected host:port without scheme or path");
            }
            statics.Add(new StaticConfig(targets, GlobalConfig.ParseLabels(sc, "labels")));
        }

        return new ScrapeConfig
        {
            JobName = job,
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            MetricsPath = path,
            Scheme = scheme,
            HonorLabels = section.GetBool("honor_labels") ?? false,
            HonorTimestamps = section.GetBool("honor_timestamps") ?? true,
            StaticConfigs = statics,
            FileSdConfigs = [.. section.GetSectionList("file_sd_configs").Select(Discovery.Files.FileSdConfig.Parse)],
            KubernetesSdConfigs = [.. section.GetSectionList("kubernetes_sd_configs").Select(Discovery.Kubernetes.KubernetesSdConfig.Parse)],
            RelabelConfigs = RelabelConfig.ParseList(section, "relabel_configs"),
            MetricRelabelConfigs = RelabelConfig.ParseList(section, "metric_relabel_configs"),
            Limits = ScrapeLimits.Parse(section, ScrapeLimits.None),
        };
    }

    private static bool IsValidTarget(string target)
        => target.Length > 0 && target.AsSpan().IndexOfAny("/ \t") < 0 && !target.Contains("://", StringComparison.Ordinal);
}
