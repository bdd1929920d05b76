using Metrics.Alerting.Rules;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Rules;

/// <summary>A reload that changes the settings groups are built with (external labels) keeps the alerts' state.</summary>
public class RuleManagerReloadTests
{
    private static IReadOnlyList<RuleGroupDefinition> Parse(string yaml)
    {
        RuleFile file = RuleFileParser.Parse(yaml, "rules.yml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors.Select(e => e.Message)));
        return file.Groups;
    }

    private const string Rules = """
        groups:
          - name: keep
            rules:
              - alert: Down
                expr: up == 0
                for: 5m
                annotations:
                  summary: "down in {{ $externalLabels.cluster }}"
        """;

    [Fact]
    public void New_external_labels_reach_the_templates_and_the_pending_alert_keeps_its_start()
    {
        var h = new RuleTestHarness();
        RuleGroupOptions first = h.Options();
        var manager = new RuleManager(first);
        h.Write(RuleTestHarness.Start, ("up", 0));
        manager.Update(Parse(Rules), TimeSpan.FromMinutes(1));
        manager.Groups[0].Evaluate(RuleTestHarness.Start);
        Alert before = Assert.Single(((AlertingRule)manager.Groups[0].Rules[0]).ActiveAlerts());
        Assert.Equal("down in eu1", before.Annotations.Get("summary"));

        RuleGroupOptions reloaded = new()
        {
            Engine = first.Engine, Appendable = first.Appendable, Queryable = first.Queryable, Clock = first.Clock,
            ExternalLabels = LabelSet.FromPairs("cluster", "us2"), ExternalUrl = first.ExternalUrl, Notify = first.Notify,
        };
        manager.Update(Parse(Rules), TimeSpan.FromSeconds(30), reloaded);
        Assert.Same(reloaded, manager.Options);
        RuleGroup group = Assert.Single(manager.Groups);
        Assert.Equal(TimeSpan.FromSeconds(30), group.Interval);   // the new global.evaluation_interval
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        h.Write(h.Clock.GetUtcNow(), ("up", 0));
        group.Evaluate(h.Clock.GetUtcNow());
        Alert after = Assert.Single(((AlertingRule)group.Rules[0]).ActiveAlerts());
        Assert.Equal(before.ActiveAt, after.ActiveAt);
        Assert.Equal("down in us2", after.Annotations.Get("summary"));
    }
}
