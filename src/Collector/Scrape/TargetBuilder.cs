using Metrics.Collector.Config;
using Metrics.Store.Labels;

namespace Metrics.Collector.Scrape;

/// <summary>Turns scrape configs into concrete targets with their job and instance labels.</summary>
public static class TargetBuilder
{
    /// <param name="selfAddress">host:port that the target name <c>self</c> stands for.</param>
    public static List<ScrapeTarget> FromStaticConfigs(ScrapeConfig config, string selfAddress)
    {
        var targets = new List<ScrapeTarget>();
        foreach (StaticConfig sc in config.StaticConfigs)
        {
            foreach (string raw in sc.Targets)
            {
                string address = raw == ScrapeConfig.SelfTarget ? selfAddress : raw;
                LabelSet labels = sc.Labels.ToBuilder()
                    .Set(LabelNames.Job, config.JobName)
                    .Set(LabelNames.Instance, address)
                    .Build();
                var url = new Uri($"{config.Scheme}://{address}{config.MetricsPath}");
                targets.Add(new ScrapeTarget(config.JobName, url, labels, config.ScrapeInterval, config.ScrapeTimeout,
                    config.HonorLabels, config.HonorTimestamps));
            }
        }
        return targets;
    }
}
