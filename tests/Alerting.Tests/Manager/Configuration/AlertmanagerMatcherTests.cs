using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Configuration;

/// <summary>Alertmanager compiles regexes without RE2's s flag: '.' stops at a newline there, unlike in Prometheus.</summary>
public sealed class AlertmanagerMatcherTests
{
    [Fact]
    public void DotDoesNotMatchANewline()
    {
        LabelMatcher am = AlertmanagerMatcher.Create(MatcherType.Regex, "a", "x.y");
        Assert.True(am.Matches("x-y"));
        Assert.False(am.Matches("x\ny"));
        Assert.True(new LabelMatcher(MatcherType.Regex, "a", "x.y").Matches("x\ny")); // Prometheus's matcher
        Assert.True(AlertmanagerMatcher.Create(MatcherType.NotRegex, "a", ".*").Matches("x\ny"));
        Assert.True(AlertmanagerMatcher.Create(MatcherType.Regex, "a", "(?s:x.y)").Matches("x\ny"));
    }

    [Fact]
    public void RoutesMatchersAndMatchReFollowAlertmanager()
    {
        var config = AlertmanagerConfig.Parse("""
            route:
              receiver: default
              routes:
                - matchers: ['a=~"x.y"']
                  receiver: matchers
                - match_re: {b: "x.y"}
                  receiver: match-re
            receivers: [{name: default}, {name: matchers}, {name: match-re}]
            """, "alertmanager.yml");
        Route root = Route.Build(config.Route);
        string Receiver(params string[] pairs) => Assert.Single(root.Match(LabelSet.FromPairs(pairs))).Options.Receiver;
        Assert.Equal("matchers", Receiver("a", "x-y"));
        Assert.Equal("default", Receiver("a", "x\ny"));
        Assert.Equal("match-re", Receiver("b", "x-y"));
        Assert.Equal("default", Receiver("b", "x\ny"));
    }

    [Fact]
    public void ParsedFilterMatchersFollowAlertmanager()
    {
        LabelMatcher m = MatcherParser.Parse("a=~x.y");
        Assert.False(m.Matches("x\ny"));
    }
}
