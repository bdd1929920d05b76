using Metrics.Collector.Exposition;
using static Metrics.Collector.Tests.Exposition.ExpositionTestHelpers;

namespace Metrics.Collector.Tests.Exposition;

public class TextExpositionReaderErrorTests
{
    // Two good lines in front of every bad one, so the line number is not trivially 1.
    private const string Prefix = "# TYPE ok gauge\nok{a=\"b\"} 1\n";

    private static void AssertRejectedOnLine3(string badLine, string expectedProblem)
    {
        ExpositionFormatException ex = Rejects(Prefix + badLine + "\nafter 1\n");
        Assert.Equal(3, ex.LineNumber);
        Assert.StartsWith("line 3: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_escape_names_the_sequence()
    {
        ExpositionFormatException ex = Rejects(Prefix + "m{a=\"x\\ty\"} 1\n");
        Assert.Equal("line 3: invalid escape sequence \"\\t\" in label value", ex.Message);
        Assert.Equal(3, ex.LineNumber);
    }

    [Theory]
    [InlineData("m{a=\"\\u0041\"} 1", "invalid escape sequence \"\\u\"")]
    [InlineData("m{a=\"\\'\"} 1", "invalid escape sequence \"\\'\"")]
    [InlineData("m", "missing value")]
    [InlineData("m{a=\"b\"}", "missing value")]
    [InlineData("m{a=\"b\"}  ", "missing value")]
    [InlineData("m{a=\"b\"}1", "expected a blank between the labels and the value")]
    [InlineData("m{a=\"1\",b=\"2\",a=\"3\"} 1", "duplicate label name \"a\"")]
    [InlineData("m{a=\"1\", a = \"1\"} 1", "duplicate label name \"a\"")]
    [InlineData("0m 1", "invalid metric name \"0m\"")]
    [InlineData("my-metric 1", "invalid metric name \"my-metric\"")]
    [InlineData("my.metric{a=\"b\"} 1", "invalid metric name \"my.metric\"")]
    [InlineData("{a=\"b\"} 1", "missing metric name")]
    [InlineData("\"quoted\"{} 1", "invalid metric name \"\\\"quoted\\\"\"")]
    [InlineData("m{1a=\"b\"} 1", "invalid label name \"1a\"")]
    [InlineData("m{a:b=\"c\"} 1", "invalid label name \"a:b\"")]
    [InlineData("m{a-b=\"c\"} 1", "invalid label name \"a-b\"")]
    [InlineData("m{__name__=\"x\"} 1", "label name \"__name__\" is reserved")]
    [InlineData("m{,} 1", "expected a label name or '}'")]
    [InlineData("m{a=\"b\",,} 1", "expected a label name or '}'")]
    [InlineData("m{a=\"b\" c=\"d\"} 1", "expected ',' or '}' after a label value")]
    [InlineData("m{a=b} 1", "expected '\"' to open the value of label \"a\"")]
    [InlineData("m{a \"b\"} 1", "expected '=' after label name \"a\"")]
    [InlineData("m{a=\"b\"", "expected ',' or '}'")]
    [InlineData("m{a=\"b\",", "expected a label name or '}'")]
    [InlineData("m{a=\"b} 1", "unterminated value of label \"a\"")]
    [InlineData("m{a=\"b\\\"} 1", "unterminated value of label \"a\"")]
    [InlineData("m{a=\"b\\", "unterminated value of label \"a\"")]
    [InlineData("m 1 abc", "invalid timestamp \"abc\"")]
    [InlineData("m 1 1.5", "invalid timestamp \"1.5\"")]
    [InlineData("m 1 +5", "invalid timestamp \"+5\"")]
    [InlineData("m 1 -", "invalid timestamp \"-\"")]
    [InlineData("m 1 1e3", "invalid timestamp \"1e3\"")]
    [InlineData("m 1 9223372036854775808", "invalid timestamp \"9223372036854775808\"")]
    [InlineData("m 1 100 extra", "unexpected \"extra\" after the timestamp")]
    [InlineData("m 1 100 200", "unexpected \"200\" after the timestamp")]
    [InlineData("m 1 # {trace_id=\"x\"} 1", "invalid timestamp \"#\"")]
    [InlineData("m abc", "invalid value \"abc\"")]
    [InlineData("m 1,5", "invalid value \"1,5\"")]
    [InlineData("m 1\r2", "invalid value \"1\\r2\"")]
    [InlineData("# TYPE m gauges", "unknown metric type \"gauges\"")]
    [InlineData("# TYPE m Counter", "unknown metric type \"Counter\"")]
    [InlineData("# TYPE m counter extra", "unknown metric type \"counter extra\"")]
    [InlineData("# TYPE m", "missing metric type for \"m\"")]
    [InlineData("# TYPE ok counter", "second TYPE line for metric \"ok\"")]
    [InlineData("# TYPE 1m counter", "invalid metric name \"1m\"")]
    [InlineData("# HELP m-x help", "invalid metric name \"m-x\"")]
    [InlineData("# TYPE m{a=\"b\"} counter", "invalid metric name \"m{a=\\\"b\\\"}\"")]
    public void Malformed_lines_are_rejected_with_their_line_number(string badLine, string expectedProblem)
    {
        AssertRejectedOnLine3(badLine, expectedProblem);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("+Infinity")]
    [InlineData("∞")]
    [InlineData("-∞")]
    [InlineData("1,000")]
    [InlineData("1_000")]
    [InlineData("0x1A")]
    [InlineData("0x1p-2")]
    [InlineData("+NaN")]
    [InlineData("-nan")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("١")]
    [InlineData("1d")]
    [InlineData("1f")]
    [InlineData("(1)")]
    public void Values_dotnet_accepts_but_go_rejects_are_errors(string value)
    {
        AssertRejectedOnLine3("m " + value, "invalid value");
    }

    [Fact]
    public void Garbage_bytes_name_the_line()
    {
        byte[] payload = [.. "a 1\nb 2\n"u8, 0x00, 0x01, 0x02, (byte)' ', (byte)'1', (byte)'\n'];
        ExpositionFormatException ex = Rejects(payload);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("line 3: invalid metric name \"\\x00\\x01\\x02\"", ex.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_in_label_values_and_comments()
    {
        byte[] inValue = [.. "a 1\nm{a=\""u8, 0xC3, 0x28, .. "\"} 1\n"u8];
        Assert.Equal(2, Rejects(inValue).LineNumber);

        byte[] inHelp = [.. "a 1\n\n# HELP m caf"u8, 0xE9, (byte)'\n'];
        ExpositionFormatException ex = Rejects(inHelp);
        Assert.Equal(3, ex.LineNumber);
        Assert.Equal("line 3: invalid UTF-8 byte sequence", ex.Message);

        byte[] inComment = [.. "# a comment "u8, 0xFF, .. "\na 1\n"u8];
        Assert.Equal(1, Rejects(inComment).LineNumber);
    }

    [Fact]
    public void Valid_utf8_label_values_are_accepted()
    {
        EntrySnapshot s = Single("m{city=\"Zürich\",emoji=\"🦀\"} 1");
        Assert.Equal("m{city=\"Zürich\",emoji=\"🦀\"}", s.Series);
    }

    [Fact]
    public void Entries_before_the_bad_line_are_returned_first()
    {
        byte[] payload = "a 1\nb 2\nc oops\n"u8.ToArray();
        var reader = new TextExpositionReader(payload);
        Assert.True(reader.TryRead(out ExpositionEntry first));
        Assert.Equal(1, first.Value);
        Assert.True(reader.TryRead(out ExpositionEntry second));
        Assert.Equal(2, second.Value);
        try
        {
            reader.TryRead(out _);
            Assert.Fail("expected an ExpositionFormatException");
        }
        catch (ExpositionFormatException ex)
        {
            Assert.Equal(3, ex.LineNumber);
        }
    }

    [Fact]
    public void Long_garbage_is_truncated_in_the_message()
    {
        ExpositionFormatException ex = Rejects(new string('-', 10_000) + " 1");
        Assert.Equal(1, ex.LineNumber);
        Assert.True(ex.Message.Length < 200, ex.Message);
    }
}
