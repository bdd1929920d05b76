using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Dispatch;

/// <summary>
/// The dispatcher finds an alert's group by a hash of its group labels; these check that the groups it
/// forms are exactly those of the plain definition: one group per route and <see cref="Route.GroupLabels"/>.
/// </summary>
public sealed class GroupingTests
{
    private const string Config = """
        route:
          receiver: default
          group_by: [alertname, job]
          routes:
            - matchers: [team="db"]
              receiver: db
              group_by: ['...']
              continue: true
            - matchers: [team=~"db|web"]
              receiver: shared
              group_by: [cluster]
            - matchers: [severity="page"]
              receiver: pager
              group_by: []
        receivers:
          - name: default
          - name: db
          - name: shared
          - name: pager
        """;

    [Fact]
    public void GroupsAreThoseOfTheRoutesGroupLabels()
    {
        using var h = ManagerHarness.Create(Config);
        var random = new Random(7);
        string? Pick(params string?[] values) => values[random.Next(values.Length)];
        var posted = new List<PostedAlert>();
        for (int i = 0; i < 3000; i++)
        {
            var labels = new List<KeyValuePair<string, string>> { new("instance", $"i{random.Next(40)}") };
            foreach (var (name, value) in new[]
            {
                ("alertname", Pick("A", "B", "C", null)), ("job", Pick("api", "db", "", null)), ("team", Pick("db", "web", "ops", null)),
                ("cluster", Pick("eu", "us", null)), ("severity", Pick("page", "warn", null)),
            })
            {
                if (value is not null) labels.Add(new(name, value));
            }
            posted.Add(new PostedAlert { Labels = labels, StartsAt = ManagerHarness.Start });
            // Batches of varied size, so alerts of one group arrive both within one batch and across batches.
            if (posted.Count == 1 + i % 97)
            {
                Assert.Empty(h.Manager.Receive(posted));
                posted.Clear();
            }
        }
        Assert.Empty(h.Manager.Receive(posted));

        var expected = new Dictionary<(Route, LabelSet), HashSet<ulong>>();
        foreach (Alert a in h.Manager.Alerts.All())
            foreach (Route r in h.Manager.Route.Match(a.Labels))
            {
                var key = (r, r.GroupLabels(a.Labels));
                if (!expected.TryGetValue(key, out var set)) expected[key] = set = [];
                set.Add(a.Fingerprint);
            }
        var actual = h.Manager.Dispatcher.Groups();
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (group, alerts) in actual)
        {
            Assert.True(expected.TryGetValue((group.Route, group.GroupLabels), out var want), $"unexpected group {group.GroupKey}");
            Assert.Equal(want.Order(), alerts.Select(a => a.Fingerprint).Order());
        }
        Assert.Contains(actual, g => g.Group.Route.Options.GroupByAll);
        Assert.Contains(actual, g => g.Group.GroupLabels.Count == 0);
        h.DeleteData();
    }

    [Fact]
    public void AnAlertsGroupLabelsHashAndMatchLikeTheAlert()
    {
        using var h = ManagerHarness.Create(Config);
        LabelSet alert = LabelSet.FromPairs("alertname", "A", "instance", "x", "job", "api", "team", "web");
        foreach (Route r in h.Manager.Route.Walk())
        {
            LabelSet group = r.GroupLabels(alert);
            Assert.Equal(r.GroupHash(alert), r.GroupHash(group));
            Assert.True(r.GroupLabelsMatch(alert, group));
            LabelSet other = LabelSet.FromPairs("alertname", "B", "instance", "x", "job", "api", "team", "web", "cluster", "eu");
            Assert.Equal(r.GroupLabels(other).Equals(group), r.GroupLabelsMatch(other, group));
        }
        h.DeleteData();
    }
}
