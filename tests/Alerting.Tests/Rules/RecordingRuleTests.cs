using Metrics.Alerting.Rules;

namespace Metrics.Alerting.Tests.Rules;

public class RecordingRuleTests
{
    private const string Yaml = """
        groups:
          - name: g
            rules:
              - record: job:m:x10
                expr: m * 10
                labels: {team: core}
        """;

    [Fact]
    public void Stores_the_result_under_the_record_name_with_the_rule_labels()
    {
        var h = new RuleTestHarness();
        DateTimeOffset t0 = RuleTestHarness.Start;
        h.Write(t0, ("m{a=\"1\"}", 1), ("m{a=\"2\"}", 2));
        RuleGroup group = h.Group(Yaml);
        group.Evaluate(t0);

        var stored = h.Read("job:m:x10");
        Assert.Equal([(t0, 10.0)], stored["job:m:x10{a=\"1\", team=\"core\"}"]);
        Assert.Equal([(t0, 20.0)], stored["job:m:x10{a=\"2\", team=\"core\"}"]);
        Rule rule = Assert.Single(group.Rules);
        Assert.Equal((RuleHealth.Good, null, t0), (rule.Health, rule.LastError, rule.LastEvaluation));
        Assert.Equal(t0, group.LastEvaluation);
    }

    [Fact]
    public void A_series_the_rule_stops_producing_gets_a_staleness_marker()
    {
        var h = new RuleTestHarness();
        DateTimeOffset t0 = RuleTestHarness.Start, t1 = t0.AddMinutes(1);
        h.Write(t0, ("m{a=\"1\"}", 1), ("m{a=\"2\"}", 2));
        RuleGroup group = h.Group(Yaml);
        group.Evaluate(t0);
        h.Write(t1, ("m{a=\"1\"}", 3), ("m{a=\"2\"}", Metrics.Store.Samples.StaleMarker.Value));
        group.Evaluate(t1);

        var stored = h.Read("job:m:x10");
        Assert.Equal([(t0, 10.0), (t1, 30.0)], stored["job:m:x10{a=\"1\", team=\"core\"}"]);
        var gone = stored["job:m:x10{a=\"2\", team=\"core\"}"];
        Assert.Equal(2, gone.Count);
        Assert.True(RuleTestHarness.IsStale(gone[1].Value) && gone[1].At == t1);
    }

    [Fact]
    public void A_failing_rule_is_unhealthy_with_prometheus_error_and_the_group_goes_on()
    {
        var h = new RuleTestHarness();
        DateTimeOffset t0 = RuleTestHarness.Start;
        h.Write(t0, ("m{a=\"1\"}", 1), ("m{a=\"2\"}", 2));
        RuleGroup group = h.Group("""
            groups:
              - name: g
                limit: 1
                rules:
                  - record: over
                    expr: m
                  - record: dup
                    expr: m
                    labels: {a: same}
                  - record: str
                    expr: '"text"'
                  - record: fine
                    expr: sum(m)
            """);
        group.Evaluate(t0);
        Assert.Equal("exceeded limit of 1 with 2 series", group.Rules[0].LastError);
        Assert.Equal("vector contains metrics with the same labelset after applying rule labels", group.Rules[1].LastError);
        Assert.Equal("rule result is not a vector or scalar", group.Rules[2].LastError);
        Assert.All(group.Rules.Take(3), r => Assert.Equal(RuleHealth.Bad, r.Health));
        Assert.Equal(RuleHealth.Good, group.Rules[3].Health);
        Assert.Empty(h.Read("over"));
        Assert.Equal(3.0, Assert.Single(h.Read("fine")).Value[0].Value);
    }

    [Fact]
    public void Query_offset_evaluates_and_stores_in_the_past()
    {
        var h = new RuleTestHarness();
        DateTimeOffset t0 = RuleTestHarness.Start;
        h.Write(t0, ("m{a=\"1\"}", 1));
        h.Write(t0.AddMinutes(10), ("m{a=\"1\"}", 5));
        RuleGroup group = h.Group("groups:\n- name: g\n  query_offset: 10m\n  rules:\n  - record: r\n    expr: m\n");
        group.Evaluate(t0.AddMinutes(10));
        Assert.Equal([(t0, 1.0)], Assert.Single(h.Read("r")).Value);
    }
}
