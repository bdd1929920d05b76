using Metrics.Store.Configuration;

namespace Metrics.Alerting.Rules.Notifier;

/// <summary>
/// Prometheus's <c>alerting</c> section: the Alertmanagers to send to (static targets, scheme,
/// path_prefix, api_version v2, timeout). <c>alert_relabel_configs</c> is allowed here and parsed
/// by the host, which owns relabeling.
/// </summary>
public sealed class AlertingConfig
{
    public static readonly AlertingConfig Empty = new();

    public IReadOnlyList<AlertmanagerEndpoint> Alertmanagers { get; init; } = [];

    public static AlertingConfig Parse(YamlSection? section)
    {
        if (section is null) return Empty;
        section.AllowOnly("alertmanagers", "alert_relabel_configs");
        var endpoints = new List<AlertmanagerEndpoint>();
        foreach (YamlSection am in section.GetSectionList("alertmanagers"))
        {
            am.AllowOnly("static_configs", "scheme", "path_prefix", "api_version", "timeout");
            string scheme = am.GetString("scheme", "http");
            if (scheme is not ("http" or "https")) throw am.Error("scheme", $"unknown scheme \"{scheme}\"; use http or https");
            string apiVersion = am.GetString("api_version", "v2");
            if (apiVersion != "v2") throw am.Error("api_version", $"expected Alertmanager api version to be one of [v2] but got {apiVersion}");
            string prefix = am.GetString("path_prefix", "");
            TimeSpan timeout = GlobalConfig.Positive(am, "timeout") ?? TimeSpan.FromSeconds(10);
            foreach (YamlSection sc in am.GetSectionList("static_configs"))
            {
                sc.AllowOnly("targets", "labels");
                foreach (string target in sc.GetStringList("targets"))
                {
                    if (!Uri.TryCreate($"{scheme}://{target}{(prefix.StartsWith('/') || prefix.Length == 0 ? prefix : "/" + prefix)}", UriKind.Absolute, out Uri? url)
                        || string.IsNullOrEmpty(target) || target.Contains('/', StringComparison.Ordinal))
                        throw sc.Error("targets", $"invalid Alertmanager target \"{target}\": expected host:port");
                    endpoints.Add(new AlertmanagerEndpoint(url, timeout));
                }
            }
        }
        return new AlertingConfig { Alertmanagers = endpoints };
    }
}
