using Metrics.Collector.Relabel;

namespace Metrics.Collector.Tests.Relabel;

/// <summary>Template expansion follows Go's <c>Regexp.Expand</c>, which Prometheus uses for <c>target_label</c> and <c>replacement</c>.</summary>
public sealed class ExpansionTemplateTests
{
    // regex, value, template, expected
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "(a)(b)", "ab", "$1", "a" },
        { "(a)(b)", "ab", "${1}", "a" },
        { "(a)(b)", "ab", "$2$1", "ba" },
        { "(a)(b)", "ab", "$0", "ab" },
        { "(a)(b)", "ab", "${0}!", "ab!" },
        { "(a)(b)", "ab", "$1x", "" },             // the group named "1x": absent
        { "(a)(b)", "ab", "${1}x", "ax" },
        { "(a)(b)", "ab", "$1-x", "a-x" },         // '-' ends the name
        { "(a)(b)", "ab", "$1_", "" },             // '_' is part of the name
        { "(a)(b)", "ab", "$10", "" },             // group 10, not ${1}0
        { "(a)(b)", "ab", "${1}0", "a0" },
        { "(a)(b)", "ab", "$01", "" },             // leading zero: a name, not a number
        { "(a)(b)", "ab", "$3", "" },              // out of range
        { "(a)(b)", "ab", "$$1", "$1" },           // $$ is a literal $
        { "(a)(b)", "ab", "cost: $", "cost: $" },  // a lone $ stays
        { "(a)(b)", "ab", "$ 1", "$ 1" },
        { "(a)(b)", "ab", "${1", "${1" },          // unclosed brace: literal
        { "(a)(b)", "ab", "${}", "${}" },          // empty name: literal
        { "(a)(b)", "ab", "${-}", "${-}" },
        { "(a)(b)", "ab", "no refs", "no refs" },
        { "(a)(b)", "ab", "", "" },
        { "(a)?(b)", "b", "[$1]", "[]" },          // unmatched group
        { "(?P<first>a)(?<second>b)", "ab", "$second$first", "ba" },
        { "(?P<first>a)(?<second>b)", "ab", "${second}_${first}", "b_a" },
        { "(?P<first>a)(?<second>b)", "ab", "$1$2", "ab" },
        { "(?P<first>a)(?<second>b)", "ab", "$missing", "" },
        { "(?P<first>a)(?<second>b)", "ab", "$first_", "" },     // the name is "first_"
        { "(?P<x1>a)", "a", "$x1", "a" },
        { "(?P<01>a)", "a", "$01", "a" },                         // named "01", reached by name
        { "(?P<\u00e9>a)", "a", "$\u00e9", "" },                  // Go rejects non-ASCII names
        { "(x)", "x", "$x\u00e9y", "" },                          // letters beyond ASCII extend the name
        { "(.*)", "whole", "pre-$1-post", "pre-whole-post" },     // default regex shortcut
        { "(.*)", "whole", "$2", "" },
        { "(.*)", "", "$1", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expands_like_go(string pattern, string value, string template, string expected)
    {
        RelabelRegex regex;
        try
        {
            regex = RelabelRegex.Compile(pattern);
        }
        catch (ArgumentException)
        {
            // (?P<é>) is not a valid Go group name: nothing to expand.
            Assert.Equal("", expected);
            return;
        }
        ExpansionTemplate t = ExpansionTemplate.Parse(template, regex);
        Assert.Equal(expected, t.Expand(regex.Match(value)!));
        if (regex.IsDefault) Assert.Equal(expected, t.ExpandWhole(value));
    }

    [Theory]
    [InlineData("static", "static")]
    [InlineData("a$$b", "a$b")]
    [InlineData("$9", "")]
    [InlineData("", "")]
    public void Templates_without_live_references_are_constants(string template, string expected)
        => Assert.Equal(expected, ExpansionTemplate.Parse(template, RelabelRegex.Default).ConstantValue);

    [Fact]
    public void Templates_with_references_are_not_constants()
        => Assert.Null(ExpansionTemplate.Parse("x$1", RelabelRegex.Default).ConstantValue);
}
