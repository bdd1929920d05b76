using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Routing;

public sealed class RouteTests
{
    private static Route Build(string yaml) => Route.Build(AlertmanagerConfig.Parse(yaml + "\nreceivers: [{name: r}, {name: s}]\n", "t.yml").Route);

    [Fact]
    public void OptionsInheritDownTheTreeWithAlertmanagersDefaults()
    {
        Route root = Build("""
            route:
              receiver: r
              group_by: [alertname]
              routes:
                - matchers: [a=1]
                  group_wait: 1s
                  routes:
                    - matchers: [b=1]
                      receiver: s
                      group_by: ['...']
                      repeat_interval: 1h
            """);
        Route child = root.Routes[0], grandchild = child.Routes[0];
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4)), (root.Options.GroupWait, root.Options.GroupInterval, root.Options.RepeatInterval));
        Assert.Equal(("r", TimeSpan.FromSeconds(1)), (child.Options.Receiver, child.Options.GroupWait));
        Assert.Equal(["alertname"], child.Options.GroupBy);
        Assert.Equal(("s", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), true), (grandchild.Options.Receiver, grandchild.Options.GroupWait, grandchild.Options.RepeatInterval, grandchild.Options.GroupByAll));
        Assert.Equal("{}/{a=\"1\"}/{b=\"1\"}", grandchild.Key);
    }

    [Fact]
    public void GroupLabelsKeepOnlyTheGroupByLabels()
    {
        Route root = Build("route:\n  receiver: r\n  group_by: [alertname, cluster]\n  routes:\n    - group_by: ['...']\n      matchers: [x=1]\n");
        LabelSet alert = LabelSet.FromPairs("alertname", "A", "instance", "i", "x", "1");
        Assert.Equal(LabelSet.FromPairs("alertname", "A"), root.GroupLabels(alert));
        Assert.Equal(alert, root.Routes[0].GroupLabels(alert));
    }
}
