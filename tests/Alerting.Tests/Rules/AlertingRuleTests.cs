using Metrics.Alerting.Rules;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Rules;

public class AlertingRuleTests
{
    private static readonly DateTimeOffset T0 = RuleTestHarness.Start;

    private const string Yaml = """
        groups:
          - name: g
            rules:
              - alert: Down
                expr: up == 0
                for: 2m
                labels:
                  severity: page
                  where: "{{ $labels.instance }}"
                annotations:
                  summary: "{{ $labels.instance }} of {{ $externalLabels.cluster }} is {{ $value }}"
        """;

    private static Alert Only(AlertingRule rule) => Assert.Single(rule.ActiveAlerts());

    [Fact]
    public void Pending_then_firing_after_for_then_resolved_and_sent_as_prometheus_does()
    {
        var h = new RuleTestHarness();
        RuleGroup group = h.Group(Yaml);
        var rule = (AlertingRule)group.Rules[0];
        for (int m = 0; m <= 2; m++) h.Write(T0.AddMinutes(m), ("up{instance=\"h1\"}", 0));
        h.Write(T0.AddMinutes(3), ("up{instance=\"h1\"}", 1));

        group.Evaluate(T0);
        Alert a = Only(rule);
        Assert.Equal((AlertState.Pending, T0), (a.State, a.ActiveAt));
        Assert.Equal(LabelSet.FromPairs("alertname", "Down", "instance", "h1", "severity", "page", "where", "h1"), a.Labels);
        Assert.Equal("h1 of eu1 is 0", a.Annotations.Get("summary"));
        Assert.Empty(h.Sent);  // pending alerts are never sent

        group.Evaluate(T0.AddMinutes(1));
        Assert.Equal(AlertState.Pending, Only(rule).State);
        group.Evaluate(T0.AddMinutes(2));
        a = Only(rule);
        Assert.Equal((AlertState.Firing, T0.AddMinutes(2)), (a.State, a.FiredAt));
        var (expr, sent) = Assert.Single(h.Sent);
        Assert.Equal("up == 0", expr);
        // ValidUntil = now + 4 x max(interval, resend delay).
        Assert.Equal((AlertState.Firing, T0.AddMinutes(6)), (sent.State, sent.ValidUntil));

        group.Evaluate(T0.AddMinutes(3));
        a = Only(rule);
        Assert.Equal((AlertState.Inactive, T0.AddMinutes(3)), (a.State, a.ResolvedAt));
        Assert.Equal(2, h.Sent.Count);  // the resolution is sent at once, not after the resend delay
        Assert.Equal(T0.AddMinutes(3), h.Sent[1].Alert.ResolvedAt);

        var alerts = h.Read("ALERTS");
        var pending = alerts["ALERTS{alertname=\"Down\", alertstate=\"pending\", instance=\"h1\", severity=\"page\", where=\"h1\"}"];
        Assert.Equal([1.0, 1.0], pending.Take(2).Select(p => p.Value));
        Assert.True(RuleTestHarness.IsStale(pending[2].Value));  // pending ended at 2m
        var firing = alerts["ALERTS{alertname=\"Down\", alertstate=\"firing\", instance=\"h1\", severity=\"page\", where=\"h1\"}"];
        Assert.Equal(1.0, firing[0].Value);
        Assert.True(RuleTestHarness.IsStale(firing[1].Value) && firing[1].At == T0.AddMinutes(3));
        var forState = Assert.Single(h.Read("ALERTS_FOR_STATE")).Value;
        Assert.Equal(T0.ToUnixTimeSeconds(), forState[0].Value);

        // Resolved alerts stay 15 minutes, re-sent as resolved every resend delay, then are forgotten.
        for (int m = 4; m <= 19; m++) group.Evaluate(T0.AddMinutes(m));
        Assert.Empty(rule.ActiveAlerts());
        var resolvedSends = h.Sent.Skip(1).Select(s => s.Alert).ToList();
        Assert.True(resolvedSends.Count >= 7, $"{resolvedSends.Count} resolved sends");
        Assert.All(resolvedSends, s => Assert.Equal((AlertState.Inactive, T0.AddMinutes(3)), (s.State, s.ResolvedAt)));
    }

    [Fact]
    public void Firing_alerts_are_resent_after_the_resend_delay()
    {
        var h = new RuleTestHarness();
        RuleGroup group = h.Group("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: vector(1)\n", options: h.Options(TimeSpan.FromMinutes(2)));
        for (int m = 0; m <= 4; m++) group.Evaluate(T0.AddMinutes(m));
        // Sent at 0m, then when last sent + 2m is before now: at 3m.
        Assert.Equal([T0, T0.AddMinutes(3)], h.Sent.Select(s => s.Alert.LastSentAt!.Value));
    }

    [Fact]
    public void Keep_firing_for_holds_a_firing_alert_after_the_condition_ends()
    {
        var h = new RuleTestHarness();
        RuleGroup group = h.Group("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    keep_firing_for: 2m\n");
        var rule = (AlertingRule)group.Rules[0];
        h.Write(T0, ("up", 0));
        h.Write(T0.AddMinutes(1), ("up", 1));
        group.Evaluate(T0);
        Assert.Equal(AlertState.Firing, Only(rule).State);
        group.Evaluate(T0.AddMinutes(1));
        Assert.Equal((AlertState.Firing, T0.AddMinutes(1)), (Only(rule).State, Only(rule).KeepFiringSince));
        group.Evaluate(T0.AddMinutes(2));
        Assert.Equal(AlertState.Firing, Only(rule).State);
        group.Evaluate(T0.AddMinutes(3));
        Assert.Equal(AlertState.Inactive, Only(rule).State);
    }

    [Fact]
    public void Limit_drops_all_alerts_and_reports_prometheus_error()
    {
        var h = new RuleTestHarness();
        RuleGroup group = h.Group("groups:\n- name: g\n  limit: 1\n  rules:\n  - alert: A\n    expr: up == 0\n");
        h.Write(T0, ("up{i=\"1\"}", 0), ("up{i=\"2\"}", 0));
        group.Evaluate(T0);
        var rule = (AlertingRule)group.Rules[0];
        Assert.Equal((RuleHealth.Bad, "exceeded limit of 1 with 2 alerts"), (rule.Health, rule.LastError));
        Assert.Empty(rule.ActiveAlerts());
    }

    [Fact]
    public void Template_query_function_runs_on_the_engine_at_the_evaluation_time()
    {
        var h = new RuleTestHarness();
        h.Write(T0, ("up{i=\"1\"}", 0), ("up{i=\"2\"}", 1));
        RuleGroup group = h.Group("""
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up == 0
                    annotations:
                      total: '{{ with query "count(up)" }}{{ . | first | value }}{{ end }} targets, {{ $value }} up here'
            """);
        group.Evaluate(T0);
        Assert.Equal("2 targets, 0 up here", Only((AlertingRule)group.Rules[0]).Annotations.Get("total"));
    }

    [Fact]
    public void Restores_for_state_after_a_restart_as_prometheus_does()
    {
        var h = new RuleTestHarness();
        const string hold30m = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 30m\n";
        for (int m = 0; m <= 40; m++) h.Write(T0.AddMinutes(m), ("up", 0));
        RuleGroup before = h.Group(hold30m);
        for (int m = 0; m <= 10; m++) before.Evaluate(T0.AddMinutes(m));

        // Down from 10m to 20m; 10m of the 30m were spent pending, so 20m remain, counted from the restart.
        RuleGroup after = h.Group(hold30m, restore: true);
        var rule = (AlertingRule)after.Rules[0];
        after.Evaluate(T0.AddMinutes(20));
        Assert.False(rule.Restored);
        Assert.DoesNotContain(h.Read("ALERTS"), s => s.Value.Any(p => p.At == T0.AddMinutes(20)));  // nothing written before restoring
        after.RestoreForState(T0.AddMinutes(20));
        Assert.True(rule.Restored);
        Assert.Equal(T0.AddMinutes(10), Only(rule).ActiveAt);
        after.Evaluate(T0.AddMinutes(39));
        Assert.Equal(AlertState.Pending, Only(rule).State);
        after.Evaluate(T0.AddMinutes(40));
        Assert.Equal(AlertState.Firing, Only(rule).State);
    }

    [Fact]
    public void A_restored_alert_near_its_end_waits_the_grace_period()
    {
        var h = new RuleTestHarness();
        const string hold15m = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    for: 15m\n";
        for (int m = 0; m <= 30; m++) h.Write(T0.AddMinutes(m), ("up", 0));
        RuleGroup before = h.Group(hold15m);
        for (int m = 0; m <= 10; m++) before.Evaluate(T0.AddMinutes(m));
        RuleGroup after = h.Group(hold15m, restore: true);
        after.Evaluate(T0.AddMinutes(12));
        after.RestoreForState(T0.AddMinutes(12));
        // 5m remained, less than the 10m grace period: ActiveAt = now + grace - for.
        Assert.Equal(T0.AddMinutes(12 + 10 - 15), Only((AlertingRule)after.Rules[0]).ActiveAt);
    }

    [Fact]
    public void Groups_are_spread_over_the_interval_by_a_stable_offset()
    {
        var h = new RuleTestHarness();
        RuleGroup group = h.Group("groups:\n- name: spread\n  interval: 1m\n  rules:\n  - record: r\n    expr: '1'\n");
        DateTimeOffset now = T0.AddSeconds(97.3);
        DateTimeOffset ts = group.EvalTimestamp(now);
        Assert.True(ts <= now && now - ts < TimeSpan.FromMinutes(1));
        Assert.Equal(ts, group.EvalTimestamp(ts));
        Assert.Equal(ts.AddMinutes(1), group.EvalTimestamp(ts.AddMinutes(1.5)));
    }
}
