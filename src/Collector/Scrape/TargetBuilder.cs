using System.Globalization;
using Metrics.Collector.Config;
using Metrics.Collector.Relabel;
using Metrics.Store.Labels;
using Metrics.Store.Time;

namespace Metrics.Collector.Scrape;

/// <summary>
/// Turns scrape configs into concrete targets as Prometheus does: discovered labels
/// (<c>__address__</c>, <c>__scheme__</c>, <c>__metrics_path__</c>, job, static labels) go through
/// relabel_configs, then <c>instance</c> defaults to the address and <c>__</c>-labels are removed.
/// </summary>
public static class TargetBuilder
{
    /// <param name="selfAddress">host:port that the target name <c>self</c> stands for.</param>
    /// <param name="dropped">Receives the targets relabeling dropped, for /api/v1/targets.</param>
    public static List<ScrapeTarget> FromStaticConfigs(ScrapeConfig config, string selfAddress, ICollection<DroppedTarget>? dropped = null)
    {
        var targets = new List<ScrapeTarget>();
        foreach (StaticConfig sc in config.StaticConfigs)
        {
            foreach (string raw in sc.Targets)
            {
                string address = raw == ScrapeConfig.SelfTarget ? selfAddress : raw;
                LabelSet discovered = sc.Labels.ToBuilder()
                    .Set("__address__", address)
                    .Set("__scheme__", config.Scheme)
                    .Set("__metrics_path__", config.MetricsPath)
                    .Set("__scrape_interval__", PromDuration.Format(config.ScrapeInterval))
                    .Set("__scrape_timeout__", PromDuration.Format(config.ScrapeTimeout))
                    .Set(LabelNames.Job, config.JobName)
                    .Build();
                if (Build(config, discovered, dropped) is { } target) targets.Add(target);
            }
        }
        return targets;
    }

    /// <summary>One target from its discovered labels, or null when relabeling drops it.</summary>
    public static ScrapeTarget? Build(ScrapeConfig config, LabelSet discovered, ICollection<DroppedTarget>? dropped = null)
    {
        LabelSet? relabeled = Relabeler.Process(discovered, config.RelabelConfigs);
        if (relabeled is null)
        {
            dropped?.Add(new DroppedTarget(config.JobName, discovered));
            return null;
        }
        string address = relabeled.Get("__address__");
        if (address.Length == 0) return null;      // an error in Prometheus, not a dropped target
        string scheme = relabeled.Get("__scheme__") is { Length: > 0 } s ? s : config.Scheme;
        string path = relabeled.Get("__metrics_path__") is { Length: > 0 } p ? p : config.MetricsPath;
        var query = new List<string>();
        LabelSetBuilder final = new LabelSetBuilder();
        foreach (Label l in relabeled.AsSpan())
        {
            if (l.Name.StartsWith("__param_", StringComparison.Ordinal))
                query.Add(Uri.EscapeDataString(l.Name["__param_".Length..]) + "=" + Uri.EscapeDataString(l.Value));
            // Labels starting with "__" are for relabeling only and never stored.
            if (!l.Name.StartsWith("__", StringComparison.Ordinal)) final.Set(l.Name, l.Value);
        }
        if (final.Get(LabelNames.Instance).Length == 0) final.Set(LabelNames.Instance, address);
        string url = $"{scheme}://{address}{path}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return new ScrapeTarget(config.JobName, new Uri(url), final.Build(), config.ScrapeInterval, config.ScrapeTimeout,
            config.HonorLabels, config.HonorTimestamps)
        {
            MetricRelabelConfigs = config.MetricRelabelConfigs,
            Limits = config.Limits,
            DiscoveredLabels = discovered,
        };
    }
}
