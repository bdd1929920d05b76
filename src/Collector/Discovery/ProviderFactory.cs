using Metrics.Collector.Config;
using Metrics.Collector.Discovery.Files;
using Metrics.Collector.Discovery.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Discovery;

/// <summary>Turns a scrape config's static_configs, file_sd_configs and kubernetes_sd_configs into providers.</summary>
public static class ProviderFactory
{
    public static List<IDiscoveryProvider> Create(ScrapeConfig config, DiscoveryOptions options, ILoggerFactory loggers)
    {
        var providers = new List<IDiscoveryProvider>();
        if (config.StaticConfigs.Count > 0) providers.Add(new StaticDiscovery(config.StaticConfigs));
        foreach (FileSdConfig f in config.FileSdConfigs)
            providers.Add(new FileDiscovery(f, options.Clock, loggers.CreateLogger<FileDiscovery>(), options.Metrics));
        foreach (KubernetesSdConfig k in config.KubernetesSdConfigs)
            providers.Add(new KubernetesDiscovery(k, options.Watch, options.Kubernetes, options.Clock, loggers.CreateLogger<KubernetesDiscovery>(), options.Metrics));
        return providers;
    }
}
