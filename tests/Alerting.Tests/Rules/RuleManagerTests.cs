using Metrics.Alerting.Rules;

namespace Metrics.Alerting.Tests.Rules;

public class RuleManagerTests
{
    private static readonly DateTimeOffset T0 = RuleTestHarness.Start;

    private static IReadOnlyList<RuleGroupDefinition> Parse(string yaml)
    {
        RuleFile file = RuleFileParser.Parse(yaml, "rules.yml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors.Select(e => e.Message)));
        return file.Groups;
    }

    [Fact]
    public async Task Evaluates_each_group_on_its_interval_until_stopped()
    {
        var h = new RuleTestHarness();
        var options = h.Options();
        var manager = new RuleManager(new RuleGroupOptions
        {
            Engine = options.Engine, Appendable = options.Appendable, Queryable = options.Queryable, Clock = TimeProvider.System,
        });
        manager.Update(Parse("groups:\n- name: fast\n  interval: 50ms\n  rules:\n  - record: one\n    expr: vector(1)\n"), TimeSpan.FromMinutes(1));
        await manager.StartAsync(CancellationToken.None);
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (h.Read("one").Values.SingleOrDefault() is not { Count: >= 3 } && DateTime.UtcNow < deadline) await Task.Delay(20);
        await manager.StopAsync(CancellationToken.None);

        var points = Assert.Single(h.Read("one")).Value;
        Assert.True(points.Count >= 3, $"only {points.Count} evaluations");
        RuleGroup group = manager.Groups[0];
        // Every evaluation time is on the group's grid: its own aligned timestamp, 50ms apart.
        Assert.All(points, p => Assert.Equal(p.At, group.EvalTimestamp(p.At)));
        Assert.All(points.Zip(points.Skip(1)), pair => Assert.Equal(0, (pair.Second.At - pair.First.At).Ticks % TimeSpan.FromMilliseconds(50).Ticks));
    }

    [Fact]
    public void A_reload_keeps_the_alerts_of_a_surviving_group_and_marks_a_removed_groups_series_stale()
    {
        var h = new RuleTestHarness();
        var manager = new RuleManager(h.Options());
        h.Write(T0, ("up", 0));
        manager.Update(Parse("""
            groups:
              - name: keep
                rules: [{alert: A, expr: up == 0, for: 5m}]
              - name: drop
                rules: [{record: r, expr: vector(1)}]
            """), TimeSpan.FromMinutes(1));
        foreach (RuleGroup g in manager.Groups) g.Evaluate(T0);
        var alert = Assert.Single(((AlertingRule)manager.Groups[0].Rules[0]).ActiveAlerts());

        h.Clock.Advance(TimeSpan.FromSeconds(30));
        manager.Update(Parse("groups:\n- name: keep\n  rules: [{alert: A, expr: up == 0, for: 5m}]\n"), TimeSpan.FromMinutes(1));

        var kept = (AlertingRule)Assert.Single(manager.Groups).Rules[0];
        Assert.Equal(alert.ActiveAt, Assert.Single(kept.ActiveAlerts()).ActiveAt);
        Assert.True(kept.Restored);  // a reload never waits for restoring
        var dropped = Assert.Single(h.Read("r")).Value;
        Assert.Equal(T0.AddSeconds(30), dropped[^1].At);
        Assert.True(RuleTestHarness.IsStale(dropped[^1].Value));
    }

    [Fact]
    public void Loading_files_resolves_globs_against_the_config_folder_and_refuses_a_bad_file()
    {
        string dir = Directory.CreateTempSubdirectory("rules-glob-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "rules"));
            File.WriteAllText(Path.Combine(dir, "rules", "a.yml"), "groups:\n- name: a\n  rules: [{record: a, expr: '1'}]\n");
            File.WriteAllText(Path.Combine(dir, "rules", "b.yml"), "groups:\n- name: b\n  rules: [{record: b, expr: '1'}]\n");
            File.WriteAllText(Path.Combine(dir, "rules", "c.txt"), "not rules");
            var manager = new RuleManager(new RuleTestHarness().Options());
            manager.LoadFiles(["rules/*.yml"], dir, TimeSpan.FromSeconds(15));
            Assert.Equal(["a", "b"], manager.Groups.Select(g => g.Name));
            Assert.All(manager.Groups, g => Assert.Equal(TimeSpan.FromSeconds(15), g.Interval));

            File.WriteAllText(Path.Combine(dir, "rules", "b.yml"), "groups:\n- name: b\n  rules: [{record: 'b c', expr: '1'}]\n");
            var e = Assert.Throws<Metrics.Store.Configuration.ConfigException>(() => manager.LoadFiles(["rules/*.yml"], dir, TimeSpan.FromSeconds(15)));
            Assert.Contains("b.yml:3:", e.Message);
            Assert.Equal(["a", "b"], manager.Groups.Select(g => g.Name));  // the previous rules stay
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
