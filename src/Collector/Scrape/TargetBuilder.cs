using System.Globalization;
using Metrics.Collector.Config;
using Metrics.Collector.Discovery;
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
        => FromGroups(config, StaticDiscovery.Groups(config.StaticConfigs), selfAddress, dropped);

    /// <summary>
    /// The targets of discovered groups: a target's labels win over its group's, and the scrape
    /// config's defaults (job, scheme, path, interval, timeout) fill only what discovery left unset.
    /// </summary>
    /// <param name="dropped">Receives the targets relabeling dropped, for /api/v1/targets.</param>
    public static List<ScrapeTarget> FromGroups(ScrapeConfig config, IEnumerable<TargetGroup> groups, string selfAddress,
        ICollection<DroppedTarget>? dropped = null)
    {
        var targets = new List<ScrapeTarget>();
        var builder = new LabelSetBuilder();
        var seen = new HashSet<(Uri, LabelSet)>();
        foreach (TargetGroup group in groups)
        {
            foreach (LabelSet own in group.Targets)
            {
                builder.Reset(group.Labels);
                foreach (Label l in own.AsSpan()) builder.Set(l.Name, l.Value);
                if (builder.Get("__address__") == ScrapeConfig.SelfTarget) builder.Set("__address__", selfAddress);
                SetIfAbsent(builder, LabelNames.Job, config.JobName);
                SetIfAbsent(builder, "__scrape_interval__", PromDuration.Format(config.ScrapeInterval));
                SetIfAbsent(builder, "__scrape_timeout__", PromDuration.Format(config.ScrapeTimeout));
                SetIfAbsent(builder, "__metrics_path__", config.MetricsPath);
                SetIfAbsent(builder, "__scheme__", config.Scheme);
                // A pod's containers often relabel onto one address: identical targets are scraped once, as in Prometheus.
                if (Build(config, builder.Build(), dropped) is { } target && seen.Add((target.Url, target.Labels))) targets.Add(target);
            }
        }
        return targets;
    }

    private static void SetIfAbsent(LabelSetBuilder builder, string name, string value)
    {
        if (builder.Get(name).Length == 0) builder.Set(name, value);
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
        // Both are errors in Prometheus, not dropped targets: no address, or one that is not host[:port] ("http://x/y").
        if (address.Length == 0 || address.Contains('/', StringComparison.Ordinal)) return null;
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
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri)) return null;
        return new ScrapeTarget(config.JobName, uri, final.Build(), config.ScrapeInterval, config.ScrapeTimeout,
            config.HonorLabels, config.HonorTimestamps)
        {
            MetricRelabelConfigs = config.MetricRelabelConfigs,
            Limits = config.Limits,
            DiscoveredLabels = discovered,
        };
    }
}
