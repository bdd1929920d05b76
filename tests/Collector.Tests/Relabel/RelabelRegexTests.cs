using Metrics.Collector.Relabel;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>Relabel regexes are RE2 patterns anchored as <c>^(?s:…)$</c>; these pin the places where .NET would otherwise differ.</summary>
public sealed class RelabelRegexTests
{
    [Theory]
    // Anchoring: the whole value must match.
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "xfoo", false)]
    [InlineData("foo", "foox", false)]
    [InlineData("f|o", "foo", false)]
    [InlineData("a|b", "b", true)]               // the alternation sits inside the anchors
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("^foo$", "foo", true)]
    // (?s): '.' matches a newline.
    [InlineData("a.b", "a\nb", true)]
    [InlineData("(?-s)a.b", "a\nb", false)]
    // Go's '$' is end of text; .NET's would also match before a final newline.
    [InlineData("foo", "foo\n", false)]
    [InlineData("foo$", "foo\n", false)]
    [InlineData("foo\\n", "foo\n", true)]
    [InlineData("foo$\\n", "foo\n", false)]   // Go's '$' cannot precede the newline; .NET's '$' can
    [InlineData("(?m)foo$\\n", "foo\n", true)]   // multi-line '$' matches before the newline
    [InlineData("(?m:a$)\\nb$", "a\nb", true)]
    [InlineData("[$]", "$", true)]               // '$' in a class stays a literal
    [InlineData("\\$", "$", true)]
    // Perl classes are ASCII in RE2.
    [InlineData("\\d+", "0123456789", true)]
    [InlineData("\\d", "\u0663", false)]
    [InlineData("\\w+", "abc_XYZ_09", true)]
    [InlineData("\\w", "\u00e9", false)]
    [InlineData("\\W", "\u00e9", true)]
    [InlineData("\\s", "\u00a0", false)]
    [InlineData("\\S", "\u00a0", true)]
    [InlineData("[\\d_]+", "1_2", true)]
    [InlineData("[\\w-]+", "a-b", true)]
    // POSIX classes, one-letter Unicode classes, \Q…\E and \x{…}.
    [InlineData("[[:alpha:]]+", "abcXYZ", true)]
    [InlineData("[[:alpha:]]", "\u00e9", false)]
    [InlineData("[[:digit:][:upper:]]+", "A1B2", true)]
    [InlineData("\\pL+", "\u00e9t\u00e9", true)]
    [InlineData("\\PL", "1", true)]
    [InlineData("\\Qa.b*\\E", "a.b*", true)]
    [InlineData("\\Qa.b*\\E", "axbb", false)]
    [InlineData("\\x{263a}", "\u263a", true)]
    [InlineData("\\x{1F600}", "\U0001F600", true)]
    [InlineData("\\x41", "A", true)]
    // '[' inside a class is a literal in Go, never a .NET class subtraction.
    [InlineData("[a-z-[aeiou]]", "e]", true)]
    [InlineData("[]a]+", "]a", true)]
    [InlineData("[^]a]", "b", true)]
    // Flags.
    [InlineData("(?i)abc", "ABC", true)]
    [InlineData("(?i:a)b", "AB", false)]
    // Named groups in both spellings.
    [InlineData("(?P<x>a)(?<y>b)", "ab", true)]
    public void Matches_like_prometheus(string pattern, string value, bool expected)
        => Assert.Equal(expected, RelabelRegex.Compile(pattern).IsMatch(value));

    [Fact]
    public void Groups_are_numbered_left_to_right_including_named_ones()
    {
        // .NET alone would number (b) as 1 and (?<n>a) as 2.
        RelabelRegex regex = RelabelRegex.Compile("(?<n>a)(b)(?P<m>c)");
        Assert.Equal(3, regex.GroupCount);
        Assert.Equal(1, regex.GroupIndex("n"));
        Assert.Equal(3, regex.GroupIndex("m"));
        var m = regex.Match("abc")!;
        Assert.Equal("b", m.Groups[2].Value);
        Assert.Equal("c", m.Groups[3].Value);
    }

    [Fact]
    public void Default_regex_is_recognised()
    {
        Assert.True(RelabelRegex.Default.IsDefault);
        Assert.True(RelabelRegex.Compile("(.*)").IsDefault);
        Assert.False(RelabelRegex.Compile("(.+)").IsDefault);
        Assert.Equal(1, RelabelRegex.Default.GroupCount);
    }

    [Theory]
    [InlineData("(a")]                      // unbalanced
    [InlineData("(a)\\1")]                  // backreferences: not RE2
    [InlineData("a(?=b)")]                  // lookahead: not RE2
    [InlineData("(?<=a)b")]                 // lookbehind: not RE2
    [InlineData("(?U)a*")]                  // ungreedy flag has no .NET equivalent
    [InlineData("(?x)a b")]                 // .NET-only flag, rejected by Go
    [InlineData("(?P<x>a)(?P<x>b)")]        // duplicate name
    [InlineData("(?P<a-b>x)")]              // invalid name
    [InlineData("[[:^alpha:]]")]            // negated POSIX class: not translated
    [InlineData("[[:nope:]]")]
    [InlineData("a\\")]                     // trailing backslash
    public void Rejects_what_go_rejects(string pattern)
    {
        var e = Assert.Throws<ArgumentException>(() => RelabelRegex.Compile(pattern));
        Assert.StartsWith("error parsing regexp", e.Message, StringComparison.Ordinal);
    }
}
