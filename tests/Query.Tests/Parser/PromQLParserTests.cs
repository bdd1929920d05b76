using Metrics.Query.Ast;
using Metrics.Query.Parser;
using Metrics.Store.Labels;

namespace Metrics.Query.Tests.Parser;

public class PromQLParserTests
{
    [Fact]
    public void A_metric_name_with_matchers_becomes_a_name_matcher_plus_the_rest()
    {
        var sel = Assert.IsType<VectorSelector>(PromQLParser.Parse("http_requests_total{job=\"api\", code!=\"200\", path=~\"/a.*\", method!~'GET|PUT',}"));
        Assert.Equal("http_requests_total", sel.Name);
        Assert.Equal(
            ["__name__=\"http_requests_total\"", "job=\"api\"", "code!=\"200\"", "path=~\"/a.*\"", "method!~\"GET|PUT\""],
            sel.Matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void Range_and_offset_suffixes_are_parsed()
    {
        var m = Assert.IsType<MatrixSelector>(PromQLParser.Parse("up[1m30s] offset 5m"));
        Assert.Equal(90_000, m.RangeMs);
        Assert.Equal(300_000, m.Selector.OffsetMs);
        var v = Assert.IsType<VectorSelector>(PromQLParser.Parse("up offset -1h"));
        Assert.Equal(-3_600_000, v.OffsetMs);
    }

    [Fact]
    public void Name_only_inside_braces_and_colons_in_names_are_allowed()
    {
        var sel = Assert.IsType<VectorSelector>(PromQLParser.Parse("{__name__=~\"job:.*\"}"));
        Assert.Null(sel.Name);
        Assert.Equal(MatcherType.Regex, sel.Matchers[0].Type);
        Assert.Equal("job:rate5m:sum", Assert.IsType<VectorSelector>(PromQLParser.Parse("job:rate5m:sum")).Name);
    }

    [Fact]
    public void String_escapes_follow_go()
    {
        var sel = Assert.IsType<VectorSelector>(PromQLParser.Parse("x{a=\"q\\\"\\n\\u00e9\", b=`raw\\n`}"));
        Assert.Equal("q\"\né", sel.Matchers[1].Value);
        Assert.Equal("raw\\n", sel.Matchers[2].Value);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-2.5", -2.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("Inf", double.PositiveInfinity)]
    public void Number_literals(string text, double value)
        => Assert.Equal(value, Assert.IsType<NumberLiteral>(PromQLParser.Parse(text)).Value);

    [Theory]
    [InlineData("", "1:1: parse error: no expression found in input")]
    [InlineData("{}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("{a=~\".*\"}", "1:1: parse error: vector selector must contain at least one non-empty matcher")]
    [InlineData("up{job=\"a\"", "1:11: parse error: unexpected end of input in label matching, expected \",\" or \"}\"")]
    [InlineData("up{job=5}", "1:8: parse error: unexpected number \"5\" in label matching, expected string")]
    [InlineData("up{job=~\"(\"}", "1:9: parse error:")]
    [InlineData("up[5", "1:5: parse error: unexpected end of input in subquery or range, expected \":\" or \"]\"")]
    [InlineData("up{__name__=\"x\"}", "1:4: parse error: metric name must not be set twice")]
    [InlineData("up{job=\"a\nb\"}", "1:8: parse error: unterminated quoted string")]
    [InlineData("up +", "1:5: parse error: unexpected end of input")]
    [InlineData("up{job=\"\\q\"}", "1:9: parse error: unknown escape sequence")]
    public void Errors_name_the_position(string query, string expectedPrefix)
    {
        var e = Assert.Throws<ParseException>(() => PromQLParser.Parse(query));
        Assert.StartsWith(expectedPrefix, e.Message, StringComparison.Ordinal);
    }
}
