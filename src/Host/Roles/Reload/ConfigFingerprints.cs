using System.Globalization;
using System.Text;
using Metrics.Collector.Config;
using Metrics.Host.Configuration;
using YamlDotNet.RepresentationModel;

namespace Metrics.Host.Roles.Reload;

/// <summary>
/// What a reload compares to decide which parts of the main config changed: each scrape job's YAML (plus the
/// interval and timeout it inherits from <c>global</c>) and whole top-level sections, written out canonically
/// so that comments, quoting and indentation do not count as changes. Prometheus compares the parsed structs;
/// the YAML is our equivalent, since every parsed value comes from it.
/// </summary>
internal sealed class ConfigFingerprints
{
    private readonly Dictionary<string, string> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sections = new(StringComparer.Ordinal);

    private ConfigFingerprints()
    {
    }

    /// <summary>Fingerprints a config that <see cref="MetricsConfig.Parse"/> accepted (so the YAML is well formed).</summary>
    public static ConfigFingerprints Of(MetricsConfig config)
    {
        var result = new ConfigFingerprints();
        var stream = new YamlStream();
        stream.Load(new StringReader(config.Text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return result;
        foreach (var (key, value) in root.Children)
            result._sections[((YamlScalarNode)key).Value ?? ""] = Canonical(value);
        if (root.Children.TryGetValue(new YamlScalarNode("scrape_configs"), out YamlNode? jobs) && jobs is YamlSequenceNode list)
        {
            var byName = config.ScrapeConfigs.ToDictionary(j => j.JobName, StringComparer.Ordinal);
            foreach (YamlNode job in list)
            {
                if (job is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode("job_name"), out YamlNode? name)) continue;
                string jobName = ((YamlScalarNode)name).Value ?? "";
                if (!byName.TryGetValue(jobName, out ScrapeConfig? parsed)) continue;
                result._jobs[jobName] = string.Create(CultureInfo.InvariantCulture,
                    $"{parsed.ScrapeInterval.Ticks}/{parsed.ScrapeTimeout.Ticks}/{Canonical(map)}");
            }
        }
        return result;
    }

    /// <summary>Jobs present in both with the same effective definition: their discovery and loops keep running.</summary>
    public HashSet<string> UnchangedJobs(ConfigFingerprints next)
    {
        var same = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (job, print) in _jobs)
            if (next._jobs.TryGetValue(job, out string? other) && other == print) same.Add(job);
        return same;
    }

    /// <summary>Whether a top-level section (<c>remote_write</c>, <c>alerting</c>, ...) differs, absence included.</summary>
    public bool SectionChanged(ConfigFingerprints next, string section) =>
        _sections.GetValueOrDefault(section) != next._sections.GetValueOrDefault(section);

    private static string Canonical(YamlNode node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(YamlNode node, StringBuilder text)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                text.Append('"').Append(scalar.Value?.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (YamlNode item in sequence) { Write(item, text); text.Append(','); }
                text.Append(']');
                break;
            case YamlMappingNode mapping:
                // Key order carries no meaning in YAML; sorting makes a reordered job compare equal.
                text.Append('{');
                foreach (var (key, value) in mapping.Children.OrderBy(c => (c.Key as YamlScalarNode)?.Value, StringComparer.Ordinal))
                {
                    Write(key, text);
                    text.Append(':');
                    Write(value, text);
                    text.Append(',');
                }
                text.Append('}');
                break;
            default:
                text.Append(node.ToString());
                break;
        }
    }
}
