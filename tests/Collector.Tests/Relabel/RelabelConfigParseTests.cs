using Metrics.Collector.Relabel;
using Metrics.Store.Configuration;
using static Metrics.Collector.Tests.Relabel.RelabelTestHelpers;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>Reading <c>relabel_configs</c> from YAML: defaults, the null-versus-absent rule, and validation errors with file, line and field.</summary>
public sealed class RelabelConfigParseTests
{
    [Fact]
    public void Absent_fields_take_prometheus_defaults()
    {
        RelabelConfig c = Assert.Single(Steps("- target_label: x"));
        Assert.Equal(RelabelAction.Replace, c.Action);
        Assert.Empty(c.SourceLabels);
        Assert.Equal(";", c.Separator);
        Assert.Equal("(.*)", c.Regex);
        Assert.False(c.IsRegexSet);
        Assert.Equal("$1", c.Replacement);
        Assert.Equal(0UL, c.Modulus);
        Assert.Equal("x", c.TargetLabel);
    }

    [Fact]
    public void Created_steps_take_the_same_defaults()
    {
        RelabelConfig c = RelabelConfig.Create(targetLabel: "x");
        Assert.Equal((RelabelAction.Replace, ";", "(.*)", "$1", 0UL), (c.Action, c.Separator, c.Regex, c.Replacement, c.Modulus));
    }

    [Fact]
    public void Every_field_is_read()
    {
        RelabelConfig c = Assert.Single(Steps("""
            - source_labels: [a, b]
              separator: "|"
              regex: (x)|(y)
              modulus: 8
              target_label: t
              replacement: ${2}
              action: replace
            """));
        Assert.Equal(["a", "b"], c.SourceLabels);
        Assert.Equal("|", c.Separator);
        Assert.Equal("(x)|(y)", c.Regex);
        Assert.True(c.IsRegexSet);
        Assert.Equal(8UL, c.Modulus);
        Assert.Equal("t", c.TargetLabel);
        Assert.Equal("${2}", c.Replacement);
    }

    [Fact]
    public void Null_values_are_zero_values_not_defaults()
    {
        // Prometheus's YAML decoder leaves a null field at Go's zero value ("" / empty regex).
        RelabelConfig c = Assert.Single(Steps("""
            - source_labels: [a]
              separator:
              regex:
              replacement:
              target_label: t
            """));
        Assert.Equal("", c.Separator);
        Assert.Equal("", c.Regex);
        Assert.True(c.IsRegexSet);
        Assert.Equal("", c.Replacement);
    }

    [Fact]
    public void Parses_a_list_in_order()
    {
        YamlSection root = YamlSection.Load("""
            scrape_configs_like:
              relabel_configs:
                - source_labels: [__address__]
                  target_label: instance
                - regex: __meta_(.+)
                  action: labelmap
                - source_labels: [__name__]
                  regex: go_.*
                  action: DROP
            """, FileName);
        YamlSection job = root.GetSection("scrape_configs_like")!;
        IReadOnlyList<RelabelConfig> steps = RelabelConfig.ParseList(job, "relabel_configs");
        Assert.Equal([RelabelAction.Replace, RelabelAction.LabelMap, RelabelAction.Drop], steps.Select(s => s.Action));
        Assert.Empty(RelabelConfig.ParseList(job, "metric_relabel_configs"));
    }

    [Theory]
    [InlineData("replace", RelabelAction.Replace)]
    [InlineData("Keep", RelabelAction.Keep)]
    [InlineData("DROP", RelabelAction.Drop)]
    [InlineData("keepequal", RelabelAction.KeepEqual)]
    [InlineData("dropEqual", RelabelAction.DropEqual)]
    [InlineData("hashmod", RelabelAction.HashMod)]
    [InlineData("labelmap", RelabelAction.LabelMap)]
    [InlineData("LabelDrop", RelabelAction.LabelDrop)]
    [InlineData("labelkeep", RelabelAction.LabelKeep)]
    [InlineData("lowercase", RelabelAction.Lowercase)]
    [InlineData("uppercase", RelabelAction.Uppercase)]
    public void Action_names_are_case_insensitive(string name, RelabelAction expected)
    {
        Assert.True(RelabelConfig.TryParseAction(name, out RelabelAction action));
        Assert.Equal(expected, action);
        Assert.Equal(name.ToLowerInvariant(), RelabelConfig.ActionName(action));
    }

    [Theory]
    [InlineData("0x10", 16UL)]
    [InlineData("1_000", 1000UL)]
    [InlineData("010", 8UL)]
    [InlineData("0b101", 5UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Modulus_reads_yaml_integers(string text, ulong expected)
    {
        RelabelConfig c = Assert.Single(Steps($"- action: hashmod\n  source_labels: [a]\n  target_label: t\n  modulus: {text}"));
        Assert.Equal(expected, c.Modulus);
    }

    // items, field path, line (1-based in the whole document), message fragment
    public static TheoryData<string, string, int, string> InvalidSteps => new()
    {
        { "- action: hashmod\n  source_labels: [a]\n  target_label: t",
            "relabel_configs[0].modulus", 2, "relabel configuration for hashmod requires non-zero modulus" },
        { "- source_labels: [a]",
            "relabel_configs[0].target_label", 2, "relabel configuration for replace action requires 'target_label' value" },
        { "- source_labels: [a]\n  action: lowercase",
            "relabel_configs[0].target_label", 2, "relabel configuration for lowercase action requires 'target_label' value" },
        { "- action: keepequal\n  source_labels: [a]",
            "relabel_configs[0].target_label", 2, "relabel configuration for keepequal action requires 'target_label' value" },
        { "- action: hashmod\n  modulus: 4",
            "relabel_configs[0].target_label", 2, "relabel configuration for hashmod action requires 'target_label' value" },
        { "- target_label: 1abc",
            "relabel_configs[0].target_label", 2, "\"1abc\" is invalid 'target_label' for replace action" },
        { "- target_label: foo-${1}",
            "relabel_configs[0].target_label", 2, "\"foo-${1}\" is invalid 'target_label' for replace action" },
        { "- target_label: foo${",
            "relabel_configs[0].target_label", 2, "\"foo${\" is invalid 'target_label' for replace action" },
        { "- action: uppercase\n  target_label: ${1}",
            "relabel_configs[0].target_label", 3, "\"${1}\" is invalid 'target_label' for uppercase action" },
        { "- action: lowercase\n  target_label: t\n  replacement: x",
            "relabel_configs[0].replacement", 4, "'replacement' can not be set for lowercase action" },
        { "- action: keepequal\n  target_label: t\n  replacement: x",
            "relabel_configs[0].replacement", 4, "'replacement' can not be set for keepequal action" },
        { "- action: labelmap\n  regex: a(.*)\n  replacement: foo-$1",
            "relabel_configs[0].replacement", 4, "\"foo-$1\" is invalid 'replacement' for labelmap action" },
        { "- action: hashmod\n  modulus: 2\n  target_label: 9x",
            "relabel_configs[0].target_label", 4, "\"9x\" is invalid 'target_label' for hashmod action" },
        { "- action: dropequal\n  target_label: t\n  regex: (.*)",
            "relabel_configs[0].regex", 4, "dropequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { "- action: keepequal\n  target_label: t\n  separator: ','",
            "relabel_configs[0].separator", 4, "keepequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { "- action: keepequal\n  target_label: t\n  modulus: 3",
            "relabel_configs[0].modulus", 4, "keepequal action requires only 'source_labels' and `target_label`, and no other fields" },
        { "- action: labeldrop\n  regex: a\n  source_labels: [a]",
            "relabel_configs[0].source_labels", 4, "labeldrop action requires only 'regex', and no other fields" },
        { "- action: labelkeep\n  regex: a\n  source_labels: []",
            "relabel_configs[0].source_labels", 4, "labelkeep action requires only 'regex', and no other fields" },
        { "- action: labelkeep\n  regex: a\n  target_label: t",
            "relabel_configs[0].target_label", 4, "labelkeep action requires only 'regex', and no other fields" },
        { "- action: labeldrop\n  regex: a\n  replacement: b",
            "relabel_configs[0].replacement", 4, "labeldrop action requires only 'regex', and no other fields" },
        { "- action: relabel",
            "relabel_configs[0].action", 2, "unknown relabel action \"relabel\"" },
        { "- target_label: a\n- action:\n  target_label: b",
            "relabel_configs[1].action", 3, "relabel action cannot be empty" },
        { "- regexp: a",
            "relabel_configs[0].regexp", 2, "unknown field" },
        { "- target_label: t\n  regex: (a",
            "relabel_configs[0].regex", 3, "error parsing regexp \"(a\"" },
        { "- target_label: t\n  regex: (a)\\1",
            "relabel_configs[0].regex", 3, "error parsing regexp" },
        { "- target_label: t\n  regex: (?P<x>a)(?P<x>b)",
            "relabel_configs[0].regex", 3, "duplicate capture group name" },
        { "- action: hashmod\n  target_label: t\n  modulus: -1",
            "relabel_configs[0].modulus", 4, "non-negative integer" },
        { "- source_labels: [a-b]\n  target_label: t",
            "relabel_configs[0].source_labels", 2, "\"a-b\" is not a valid label name" },
        { "- source_labels: a\n  target_label: t",
            "relabel_configs[0].source_labels", 2, "expected a list of strings" },
    };

    [Theory]
    [MemberData(nameof(InvalidSteps))]
    public void Invalid_steps_name_file_line_and_field(string items, string field, int line, string message)
    {
        ConfigException e = ParseError(items);
        Assert.Equal(FileName, e.File);
        Assert.Equal(field, e.Field);
        Assert.Equal(line, e.Line);
        Assert.Contains(message, e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_scalars_is_an_error()
    {
        ConfigException e = ParseError("- replace");
        Assert.Equal("relabel_configs[0]", e.Field);
        Assert.Contains("expected a mapping", e.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- target_label: ${1}")]
    [InlineData("- target_label: $1")]
    [InlineData("- target_label: label${1}")]
    [InlineData("- target_label: ${1}label")]
    [InlineData("- target_label: asd$2asd")]
    [InlineData("- target_label: _${1}_")]
    [InlineData("- target_label: foo${bar}foo")]
    [InlineData("- action: labelmap\n  regex: __meta_kubernetes_pod_label_(strimzi_io_.+)")]
    [InlineData("- action: labelmap\n  regex: __meta_(.+)\n  replacement: ${1}")]
    [InlineData("- action: keepequal\n  target_label: t\n  separator: \";\"\n  replacement: $1")]
    [InlineData("- action: labeldrop\n  regex: a\n  separator: \";\"\n  source_labels:")]
    [InlineData("- action: drop")]
    [InlineData("- action: keep\n  source_labels: [a]\n  regex: x")]
    public void Valid_steps_parse(string items) => Assert.Single(Steps(items));

    [Theory]
    [InlineData(RelabelAction.HashMod, "t", 0UL, "requires non-zero modulus")]
    [InlineData(RelabelAction.Replace, "", 0UL, "requires 'target_label' value")]
    [InlineData(RelabelAction.Uppercase, "a.b", 0UL, "is invalid 'target_label' for uppercase action")]
    public void Create_validates_like_parse(RelabelAction action, string target, ulong modulus, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => RelabelConfig.Create(action, sourceLabels: ["a"], targetLabel: target, modulus: modulus));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
