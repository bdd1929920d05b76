using Metrics.Collector.Config;
using Metrics.Store.Labels;

namespace Metrics.Collector.Discovery;

/// <summary>static_configs as a provider: each entry is one group, reported once.</summary>
public sealed class StaticDiscovery(IReadOnlyList<StaticConfig> configs) : IDiscoveryProvider
{
    public Task RunAsync(TargetGroupSink sink, CancellationToken ct)
    {
        sink(Groups(configs));
        return Task.CompletedTask;
    }

    /// <summary>The groups of static configs; the source is the entry's index, as in Prometheus.</summary>
    public static List<TargetGroup> Groups(IReadOnlyList<StaticConfig> configs)
    {
        var groups = new List<TargetGroup>(configs.Count);
        for (int i = 0; i < configs.Count; i++)
        {
            var targets = new LabelSet[configs[i].Targets.Count];
            for (int j = 0; j < targets.Length; j++) targets[j] = LabelSet.FromPairs("__address__", configs[i].Targets[j]);
            groups.Add(new TargetGroup(i.ToString(System.Globalization.CultureInfo.InvariantCulture), targets, configs[i].Labels));
        }
        return groups;
    }
}
