using Metrics.Collector.Exposition;
using static Metrics.Collector.Tests.Exposition.ExpositionTestHelpers;

namespace Metrics.Collector.Tests.Exposition;

public class TextExpositionReaderTests
{
    [Fact]
    public void Reads_help_type_and_samples_in_order_with_line_numbers()
    {
        List<EntrySnapshot> entries = ReadAll(
            "# HELP http_requests_total The total number of HTTP requests.\n" +
            "# TYPE http_requests_total counter\n" +
            "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000\n" +
            "http_requests_total{method=\"post\",code=\"400\"}    3 1395066363000\n");

        Assert.Equal(4, entries.Count);
        Assert.Equal(ExpositionEntryKind.Help, entries[0].Kind);
        Assert.Equal("http_requests_total", entries[0].MetricName);
        Assert.Equal("The total number of HTTP requests.", entries[0].HelpText);
        Assert.Equal(1, entries[0].LineNumber);

        Assert.Equal(ExpositionEntryKind.Type, entries[1].Kind);
        Assert.Equal(MetricType.Counter, entries[1].MetricType);
        Assert.Equal("counter", entries[1].Text);

        Assert.Equal(ExpositionEntryKind.Sample, entries[2].Kind);
        Assert.Equal("http_requests_total", entries[2].MetricName);
        Assert.Equal("http_requests_total{method=\"post\",code=\"200\"}", entries[2].Series);
        Assert.Equal(1027, entries[2].Value);
        Assert.Equal(1395066363000, entries[2].TimestampMs);
        Assert.Equal(3, entries[2].LineNumber);

        Assert.Equal(3, entries[3].Value);
        Assert.Equal(4, entries[3].LineNumber);
    }

    [Fact]
    public void Help_unescapes_backslash_and_newline_and_keeps_other_backslashes()
    {
        EntrySnapshot help = Single(@"# HELP m Path C:\\dir\nsecond line, regex \d+ and \""quoted\""" + "\n");
        Assert.Equal(@"Path C:\dir" + "\n" + @"second line, regex \d+ and \""quoted\""", help.HelpText);
        Assert.Equal(@"Path C:\\dir\nsecond line, regex \d+ and \""quoted\""", help.Text);
    }

    [Fact]
    public void Help_without_docstring_is_empty_and_utf8_docstrings_survive()
    {
        List<EntrySnapshot> entries = ReadAll("# HELP a\n# HELP b   Temperatur in °C — ok  \n");
        Assert.Equal("", entries[0].HelpText);
        Assert.Equal("Temperatur in °C — ok", entries[1].HelpText);
    }

    [Theory]
    [InlineData("counter", MetricType.Counter)]
    [InlineData("gauge", MetricType.Gauge)]
    [InlineData("histogram", MetricType.Histogram)]
    [InlineData("summary", MetricType.Summary)]
    [InlineData("untyped", MetricType.Untyped)]
    public void Type_lines_declare_each_type(string word, MetricType expected)
    {
        EntrySnapshot type = Single($"# TYPE\tsome:metric_name \t {word}  \n");
        Assert.Equal(ExpositionEntryKind.Type, type.Kind);
        Assert.Equal("some:metric_name", type.MetricName);
        Assert.Equal(expected, type.MetricType);
        Assert.Equal(word, type.Text);
    }

    [Fact]
    public void Comments_blank_lines_and_lookalike_keywords_are_skipped()
    {
        List<EntrySnapshot> entries = ReadAll(
            "# just a comment\n" +
            "\n" +
            "   \t \n" +
            "#HELP not_meta because no blank after the hash\n" +
            "# HELPER not meta either\n" +
            "# HELP\n" +
            "#\n" +
            "# EOF\n" +
            "  metric 1  \n" +
            "# TYPE metric gauge\n");
        Assert.Equal(2, entries.Count);
        Assert.Equal(ExpositionEntryKind.Sample, entries[0].Kind);
        Assert.Equal("metric", entries[0].Series);
        Assert.Equal(9, entries[0].LineNumber);
        Assert.Equal(MetricType.Gauge, entries[1].MetricType);
        Assert.Equal(10, entries[1].LineNumber);
    }

    [Fact]
    public void Last_line_may_lack_a_newline_and_crlf_is_tolerated()
    {
        List<EntrySnapshot> entries = ReadAll("a 1\r\nb{x=\"y\"} 2\r\nc 3");
        Assert.Equal(["a", "b{x=\"y\"}", "c"], entries.Select(e => e.Series));
        Assert.Equal([1.0, 2.0, 3.0], entries.Select(e => e.Value));
        Assert.Equal(3, entries[2].LineNumber);
    }

    [Fact]
    public void Empty_and_whitespace_only_payloads_have_no_entries()
    {
        Assert.Empty(ReadAll(""));
        Assert.Empty(ReadAll("\n\n  \n\t"));
    }

    [Fact]
    public void Label_values_keep_escapes_in_the_series_bytes()
    {
        EntrySnapshot s = Single("msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n");
        Assert.Equal("msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"}", s.Series);
        Assert.Equal(1.458255915e9, s.Value);
        Assert.Null(s.TimestampMs);
    }

    [Fact]
    public void Blanks_are_allowed_between_all_tokens_and_kept_in_the_series()
    {
        EntrySnapshot s = Single("  metric_name \t{ a = \"1\" ,\tb=\"2\" , }\t 4.5 \t 1700000000000  ");
        Assert.Equal("metric_name \t{ a = \"1\" ,\tb=\"2\" , }", s.Series);
        Assert.Equal("metric_name", s.MetricName);
        Assert.Equal(4.5, s.Value);
        Assert.Equal(1700000000000, s.TimestampMs);
    }

    [Theory]
    [InlineData("m{} 1", "m{}")]
    [InlineData("m { } 1", "m { }")]
    [InlineData("m{a=\"b\",} 1", "m{a=\"b\",}")]
    [InlineData("m{a=\"\"} 1", "m{a=\"\"}")]
    [InlineData("m{a=\"}{,=\"} 1", "m{a=\"}{,=\"}")]
    [InlineData("m{_a1=\"x\",__meta=\"y\"} 1", "m{_a1=\"x\",__meta=\"y\"}")]
    [InlineData(":m:_1{le=\"+Inf\"} 1", ":m:_1{le=\"+Inf\"}")]
    public void Accepts_label_block_forms(string line, string series)
    {
        EntrySnapshot s = Single(line);
        Assert.Equal(series, s.Series);
        Assert.Equal(1, s.Value);
    }

    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-INF", double.NegativeInfinity)]
    [InlineData("1e3", 1000.0)]
    [InlineData("-2.5E-3", -0.0025)]
    [InlineData(".5", 0.5)]
    [InlineData("+3", 3.0)]
    [InlineData("-0", -0.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    public void Reads_values(string text, double expected)
    {
        EntrySnapshot s = Single($"m {text}\n");
        Assert.Equal(expected, s.Value);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("NAN")]
    public void Nan_values_are_go_nan_never_the_stale_marker(string text)
    {
        EntrySnapshot s = Single($"m {text} 5");
        Assert.True(double.IsNaN(s.Value));
        Assert.False(Metrics.Store.Samples.StaleMarker.IsStale(s.Value));
        Assert.Equal(0x7FF8000000000001UL, BitConverter.DoubleToUInt64Bits(s.Value));
        Assert.Equal(5, s.TimestampMs);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1395066363000", 1395066363000L)]
    [InlineData("-1395066363000", -1395066363000L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Reads_timestamps(string text, long expected)
    {
        Assert.Equal(expected, Single($"m{{a=\"b\"}} 1 {text}").TimestampMs);
    }
}
