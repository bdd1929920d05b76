using Metrics.Collector.Relabel;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>Builds label sets and relabel steps from compact test notation.</summary>
internal static class RelabelTestHelpers
{
    public const string FileName = "prometheus.yml";

    public static LabelSet Labels(params string[] pairs) => LabelSet.FromPairs(pairs);

    /// <summary>Parses YAML list items (each starting with "- ") as a <c>relabel_configs</c> list.</summary>
    public static IReadOnlyList<RelabelConfig> Steps(string items)
        => RelabelConfig.ParseList(Document(items), "relabel_configs");

    /// <summary>A document with <paramref name="items"/> under <c>relabel_configs:</c>, indented by two spaces.</summary>
    public static YamlSection Document(string items)
    {
        string indented = "  " + items.Replace("\n", "\n  ", StringComparison.Ordinal);
        return YamlSection.Load("relabel_configs:\n" + indented + "\n", FileName);
    }

    /// <summary>The error that parsing <paramref name="items"/> raises.</summary>
    public static ConfigException ParseError(string items) => Assert.Throws<ConfigException>(() => Steps(items));
}
