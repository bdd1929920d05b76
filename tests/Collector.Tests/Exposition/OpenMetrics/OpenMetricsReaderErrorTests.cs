using Metrics.Collector.Exposition;
using static Metrics.Collector.Tests.Exposition.OpenMetrics.OpenMetricsTestHelpers;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>Malformed OpenMetrics is rejected with the 1-based number of the offending line.</summary>
public class OpenMetricsReaderErrorTests
{
    private static void AssertRejected(string payload, int line, string messagePart)
    {
        ExpositionFormatException ex = Rejects(payload);
        Assert.Equal(line, ex.LineNumber);
        Assert.StartsWith($"line {line}: ", ex.Message);
        Assert.Contains(messagePart, ex.Message);
    }

    [Theory]
    [InlineData("m 1\n", 2)]
    [InlineData("m 1", 1)]                               // stops inside the last line
    [InlineData("", 1)]
    [InlineData("# TYPE m gauge\nm 1\n# EO\n", 3)]       // not the marker: an unknown comment
    public void A_missing_eof_marker_is_an_error(string payload, int line)
    {
        ExpositionFormatException ex = Rejects(payload);
        Assert.Equal(line, ex.LineNumber);
    }

    [Fact]
    public void Missing_eof_is_named()
    {
        AssertRejected("m 1\n", 2, "missing \"# EOF\"");
    }

    [Theory]
    [InlineData("m 1\n# EOF\nm 2\n", 3)]
    [InlineData("m 1\n# EOF\n\n", 3)]
    [InlineData("# EOF\n# EOF\n", 2)]
    [InlineData("# EOF\n ", 2)]
    public void Anything_after_eof_is_an_error(string payload, int line) =>
        AssertRejected(payload, line, "after \"# EOF\"");

    [Theory]
    [InlineData("m 1\n\nm 2\n# EOF\n", 2)]
    [InlineData("\n# EOF\n", 1)]
    public void A_blank_line_is_an_error(string payload, int line) =>
        AssertRejected(payload, line, "blank line");

    [Theory]
    [InlineData("# a comment\n")]
    [InlineData("#TYPE m gauge\n")]
    [InlineData("# type m gauge\n")]
    [InlineData("#\n")]
    [InlineData("# EOF \n")]
    public void Plain_comments_are_not_allowed(string line) =>
        AssertRejected(line + "# EOF\n", 1, "unexpected comment");

    [Theory]
    [InlineData("m  1\n", "second space before the value")]
    [InlineData("m 1  2\n", "second space before a timestamp")]
    [InlineData("m 1 \n", "space at the end of the line")]
    [InlineData("m\t1\n", "expected a space before the value")]
    [InlineData(" m 1\n", "missing metric name")]
    [InlineData("m {a=\"1\"} 1\n", "unexpected blank")]
    [InlineData("m{ a=\"1\"} 1\n", "unexpected blank")]
    [InlineData("m{a =\"1\"} 1\n", "unexpected blank")]
    [InlineData("m{a= \"1\"} 1\n", "unexpected blank")]
    [InlineData("m{a=\"1\" ,b=\"2\"} 1\n", "unexpected blank")]
    [InlineData("m{a=\"1\", b=\"2\"} 1\n", "unexpected blank")]
    [InlineData("m{a=\"1\" } 1\n", "unexpected blank")]
    [InlineData("m 1 1 # {a=\"1\"}  1\n", "second space before the exemplar value")]
    [InlineData("m 1 #  {a=\"1\"} 1\n", "expected \"# {\"")]
    [InlineData("m 1 # { a=\"1\"} 1\n", "unexpected blank")]
    [InlineData("m 1 # {a=\"1\"} 1  2\n", "second space before the exemplar timestamp")]
    [InlineData("# TYPE  m gauge\n", "missing metric name")]
    [InlineData("# TYPE m  gauge\n", "invalid metric type")]
    [InlineData("# TYPE m gauge \n", "invalid metric type")]
    public void Tokens_are_separated_by_exactly_one_space(string line, string messagePart) =>
        AssertRejected(line + "# EOF\n", 1, messagePart);

    [Theory]
    [InlineData("m 1 abc\n", "invalid timestamp \"abc\"")]
    [InlineData("m 1 NaN\n", "invalid timestamp")]
    [InlineData("m 1 +Inf\n", "invalid timestamp")]
    [InlineData("m 1 1.5.5\n", "invalid timestamp")]
    [InlineData("m 1 0x10\n", "invalid timestamp")]
    [InlineData("m 1 1_000\n", "invalid timestamp")]
    [InlineData("m 1 1e400\n", "invalid timestamp")]
    [InlineData("m 1 9223372036854775.808\n", "invalid timestamp")]
    [InlineData("m 1 1\r\n", "invalid timestamp")]
    [InlineData("m 1 # {a=\"1\"} 1 abc\n", "invalid exemplar timestamp")]
    public void A_bad_timestamp_is_an_error(string line, string messagePart) =>
        AssertRejected(line + "# EOF\n", 1, messagePart);

    [Theory]
    [InlineData("m abc\n", "invalid value \"abc\"")]
    [InlineData("m\n", "expected a space and the value")]
    [InlineData("m 1e400\n", "invalid value")]
    [InlineData("m -NaN\n", "invalid value")]
    [InlineData("m 0x1p3\n", "invalid value")]
    [InlineData("m 1 # {a=\"1\"} x\n", "invalid exemplar value")]
    [InlineData("m 1 # {a=\"1\"}\n", "expected a space and the exemplar value")]
    [InlineData("m 1 1 # {a=\"1\"} 1 2 3\n", "after the exemplar timestamp")]
    [InlineData("m 1 1 2\n", "expected \"# {\"")]
    public void A_bad_value_is_an_error(string line, string messagePart) =>
        AssertRejected(line + "# EOF\n", 1, messagePart);

    [Theory]
    [InlineData("m{a=\"\\t\"} 1\n", "invalid escape sequence \"\\t\"")]
    [InlineData("m{a=\"x\\\"} 1\n", "unterminated value")]
    [InlineData("m 1 # {a=\"\\q\"} 1\n", "invalid escape sequence")]
    public void A_bad_escape_in_a_label_value_is_an_error(string line, string messagePart) =>
        AssertRejected(line + "# EOF\n", 1, messagePart);

    [Theory]
    [InlineData("m{a=\"1\",a=\"2\"} 1\n", "duplicate label name")]
    [InlineData("m{__name__=\"x\"} 1\n", "reserved")]
    [InlineData("m{1a=\"1\"} 1\n", "invalid label name")]
    [InlineData("m{a=1} 1\n", "to open the value")]
    [InlineData("m{a=\"1\"\n", "',' or '}'")]
    [InlineData("1m 1\n", "invalid metric name")]
    [InlineData("m-x 1\n", "invalid metric name")]
    [InlineData("{\"m\"} 1\n", "missing metric name")]
    public void A_bad_series_is_an_error(string line, string messagePart) =>
        AssertRejected(line + "# EOF\n", 1, messagePart);

    [Theory]
    [InlineData("# TYPE m counters\n", "invalid metric type \"counters\"")]
    [InlineData("# TYPE m untyped\n", "invalid metric type \"untyped\"")]
    [InlineData("# TYPE m Counter\n", "invalid metric type")]
    [InlineData("# TYPE m\n", "missing space and a type")]
    [InlineData("# HELP m\n", "missing space and the docstring")]
    [InlineData("# TYPE m{a=\"1\"} gauge\n", "invalid metric name")]
    [InlineData("# UNIT m_seconds bytes\n", "not a suffix")]
    [InlineData("# UNIT seconds seconds\n", "not a suffix")]
    [InlineData("# UNIT mseconds seconds\n", "not a suffix")]
    [InlineData("# UNIT m_seconds sec onds\n", "invalid unit")]
    public void A_bad_descriptor_is_an_error(string line, string messagePart) =>
        AssertRejected(line + "# EOF\n", 1, messagePart);

    [Fact]
    public void Invalid_utf8_is_an_error_on_its_line()
    {
        byte[] payload = [.. "m 1\nm{a=\""u8, 0xC3, 0x28, .. "\"} 1\n# EOF\n"u8];
        ExpositionFormatException ex = Rejects(payload);
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("UTF-8", ex.Message);
    }

    [Fact]
    public void Errors_name_the_right_line_further_down()
    {
        AssertRejected("# TYPE m gauge\n# HELP m x\nm 1 1\nm 2 2\nm 3 x\n# EOF\n", 5, "invalid timestamp \"x\"");
    }
}
