using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Store.Labels;

namespace Metrics.Collector.Tests.Exposition;

public class SeriesParserTests
{
    private static LabelSet Parse(string series) => SeriesParser.Parse(Encoding.UTF8.GetBytes(series));

    [Fact]
    public void Name_only_series_has_just_the_name_label()
    {
        LabelSet labels = Parse("up");
        Assert.Equal(LabelSet.FromPairs("__name__", "up"), labels);
        Assert.Equal("up", labels.MetricName);
    }

    [Fact]
    public void Labels_are_sorted_and_include_the_metric_name()
    {
        LabelSet labels = Parse("http_requests_total{method=\"post\",code=\"200\"}");
        Assert.Equal(LabelSet.FromPairs("__name__", "http_requests_total", "code", "200", "method", "post"), labels);
        Assert.Equal(["__name__", "code", "method"], labels.Select(l => l.Name));
    }

    [Fact]
    public void Values_are_unescaped()
    {
        LabelSet labels = Parse("m{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"}");
        Assert.Equal(@"C:\DIR\FILE.TXT", labels.Get("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", labels.Get("error"));
    }

    [Fact]
    public void Long_escaped_values_are_unescaped_beyond_the_stack_buffer()
    {
        string raw = string.Concat(Enumerable.Repeat("a\\\\b\\n", 200));
        string expected = string.Concat(Enumerable.Repeat("a\\b\n", 200));
        Assert.Equal(expected, Parse($"m{{v=\"{raw}\"}}").Get("v"));
    }

    [Fact]
    public void Blanks_empty_braces_trailing_comma_and_utf8_are_handled()
    {
        Assert.Equal(LabelSet.FromPairs("__name__", "m"), Parse("m{}"));
        Assert.Equal(LabelSet.FromPairs("__name__", "m"), Parse("  m \t{ }  "));
        Assert.Equal(LabelSet.FromPairs("__name__", "m", "a", "1", "b", "2"), Parse("m { a = \"1\" ,\tb=\"2\" , }"));
        Assert.Equal("Zürich 🦀", Parse("m{city=\"Zürich 🦀\"}").Get("city"));
    }

    [Fact]
    public void Empty_values_mean_the_label_is_absent()
    {
        Assert.Equal(LabelSet.FromPairs("__name__", "go_build_info", "version", "v1"),
            Parse("go_build_info{checksum=\"\",path=\"\",version=\"v1\"}"));
    }

    [Fact]
    public void Many_labels_grow_the_scratch_array()
    {
        string block = string.Join(",", Enumerable.Range(0, 40).Select(i => $"l{i:D2}=\"v{i}\""));
        LabelSet labels = Parse($"m{{{block}}}");
        Assert.Equal(41, labels.Count);
        Assert.Equal("v39", labels.Get("l39"));
    }

    [Theory]
    [InlineData("m{a=\"1\",a=\"2\"}", "duplicate label name \"a\"")]
    [InlineData("m{a=\"\\t\"}", "invalid escape sequence \"\\t\" in label value")]
    [InlineData("m{a=\"1\"} extra", "unexpected \" extra\"")]
    [InlineData("m extra", "unexpected \"extra\", expected '{' or the end of the series")]
    [InlineData("m-x", "invalid metric name \"m-x\"")]
    [InlineData("m{__name__=\"x\"}", "reserved")]
    [InlineData("m{a=\"1\"", "expected ',' or '}'")]
    public void Malformed_series_are_rejected(string series, string problem)
    {
        ExpositionFormatException ex = Assert.Throws<ExpositionFormatException>(() => Parse(series));
        Assert.Equal(1, ex.LineNumber);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}
