using Metrics.Alerting.Manager.Alerts;

namespace Metrics.Alerting.Tests.Manager.Alerts;

public sealed class AnnotationMapTests
{
    [Fact]
    public void Sorts_keys_ordinally_and_keeps_the_last_value_of_a_repeated_key()
    {
        var map = AnnotationMap.From([new("summary", "a"), new("Runbook", "r"), new("summary", "b"), new("empty", "")]);

        Assert.Equal(["Runbook", "empty", "summary"], map.Select(p => p.Key));
        Assert.Equal("b", map["summary"]);
        Assert.True(map.TryGetValue("empty", out string? empty));
        Assert.Equal("", empty);
        Assert.False(map.ContainsKey("runbook"));
        Assert.Throws<KeyNotFoundException>(() => map["missing"]);
        Assert.Equal(3, map.Count);
    }

    [Fact]
    public void An_empty_list_gives_the_shared_empty_map()
    {
        Assert.Same(AnnotationMap.Empty, AnnotationMap.From([]));
        Assert.False(AnnotationMap.Empty.TryGetValue("x", out _));
    }
}
