using Metrics.Store.Labels;

namespace Metrics.Store.Tests.Labels;

public class LabelMatcherTests
{
    [Theory]
    [InlineData(MatcherType.Equal, "api", "api", true)]
    [InlineData(MatcherType.Equal, "api", "apix", false)]
    [InlineData(MatcherType.NotEqual, "api", "web", true)]
    [InlineData(MatcherType.NotEqual, "api", "api", false)]
    [InlineData(MatcherType.Regex, "a.*", "abc", true)]
    [InlineData(MatcherType.Regex, "b", "abc", false)]       // anchored: no substring match
    [InlineData(MatcherType.Regex, "a|b", "b", true)]
    [InlineData(MatcherType.Regex, "a|b", "ab", false)]      // anchoring wraps the whole alternation
    [InlineData(MatcherType.Regex, ".*", "line1\nline2", true)] // '.' matches newlines, as RE2 (?s)
    [InlineData(MatcherType.Regex, "foo", "foo\n", false)]   // anchored at the very end, unlike .NET's $
    [InlineData(MatcherType.NotRegex, "a.*", "abc", false)]
    [InlineData(MatcherType.NotRegex, "a.*", "xabc", true)]
    public void Matches_like_prometheus(MatcherType type, string pattern, string value, bool expected)
    {
        Assert.Equal(expected, new LabelMatcher(type, "l", pattern).Matches(value));
    }

    [Fact]
    public void A_missing_label_matches_as_the_empty_string()
    {
        LabelSet series = LabelSet.FromPairs("job", "api");
        Assert.True(LabelMatcher.Equal("env", "").Matches(series));
        Assert.False(LabelMatcher.Equal("env", "prod").Matches(series));
        Assert.True(new LabelMatcher(MatcherType.NotEqual, "env", "prod").Matches(series));
        Assert.True(new LabelMatcher(MatcherType.Regex, "env", "prod|").Matches(series));
    }

    [Fact]
    public void An_invalid_regex_is_an_error_naming_the_pattern()
    {
        var e = Assert.Throws<ArgumentException>(() => new LabelMatcher(MatcherType.Regex, "job", "a(b"));
        Assert.Contains("\"a(b\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("job", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchesEmpty_tells_whether_a_matcher_selects_everything_without_the_label()
    {
        Assert.True(new LabelMatcher(MatcherType.Regex, "a", ".*").MatchesEmpty);
        Assert.False(new LabelMatcher(MatcherType.Regex, "a", ".+").MatchesEmpty);
        Assert.True(new LabelMatcher(MatcherType.NotEqual, "a", "x").MatchesEmpty);
    }
}
