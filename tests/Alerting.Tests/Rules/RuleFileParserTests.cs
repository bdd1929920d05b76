using Metrics.Alerting.Rules;

namespace Metrics.Alerting.Tests.Rules;

public class RuleFileParserTests
{
    public static TheoryData<string> GoodNames() => [.. RuleFileCases.Good.Select(c => c.Name)];

    public static TheoryData<string> BadNames() => [.. RuleFileCases.Bad.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(GoodNames))]
    public void Accepts_what_prometheus_accepts(string name)
    {
        RuleFile file = RuleFileParser.Parse(RuleFileCases.Good.Single(c => c.Name == name).Yaml, "rules.yml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors.Select(e => e.Message)));
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Rejects_naming_file_line_field_and_rule(string name)
    {
        var (_, yaml, expected) = RuleFileCases.Bad.Single(c => c.Name == name);
        RuleFile file = RuleFileParser.Parse(yaml, "rules.yml");
        Assert.False(file.IsValid);
        Assert.Empty(file.Groups);
        Assert.Contains(file.Errors, e => e.Message.StartsWith("rules.yml:", StringComparison.Ordinal) && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_every_field_of_a_group_and_its_rules()
    {
        RuleFile file = RuleFileParser.Parse("""
            groups:
              - name: g
                interval: 30s
                limit: 5
                query_offset: 1m
                rules:
                  - alert: A
                    expr: up == 0
                    for: 5m
                    keep_firing_for: 2m
                    labels: {severity: page}
                    annotations: {summary: down}
                  - record: r:x
                    expr: sum(up)
            """, "f.yml");
        RuleGroupDefinition g = Assert.Single(file.Groups);
        Assert.Equal(("g", TimeSpan.FromSeconds(30), 5, TimeSpan.FromMinutes(1)), (g.Name, g.Interval!.Value, g.Limit, g.QueryOffset!.Value));
        Assert.Equal(2, file.RuleCount);
        RuleDefinition a = g.Rules[0];
        Assert.Equal(("A", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2)), (a.Alert, a.For, a.KeepFiringFor));
        Assert.Equal("page", Assert.Single(a.Labels).Value);
        Assert.Equal("r:x", g.Rules[1].Record);
    }

    [Fact]
    public void Collects_every_rule_error_of_a_file_as_promtool_lists_them()
    {
        RuleFile file = RuleFileParser.Parse("groups:\n- name: a\n  rules:\n  - record: \"x y\"\n    expr: up\n  - alert: B\n    expr: \"(\"\n", "f.yml");
        Assert.Equal(2, file.Errors.Count);
    }
}
