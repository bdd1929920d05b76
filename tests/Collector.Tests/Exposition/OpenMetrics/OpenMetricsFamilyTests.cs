using Metrics.Collector.Exposition;
using Metrics.Collector.Exposition.OpenMetrics;
using static Metrics.Collector.Tests.Exposition.OpenMetrics.OpenMetricsTestHelpers;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>The metric family rules: names fit the declared type, descriptors come first, families are contiguous.</summary>
public class OpenMetricsFamilyTests
{
    private static ExpositionFormatException RejectsAt(string payload, int line, string messagePart)
    {
        ExpositionFormatException ex = Rejects(payload);
        Assert.Equal(line, ex.LineNumber);
        Assert.Contains(messagePart, ex.Message);
        return ex;
    }

    [Theory]
    [InlineData("counter", "m_total\nm_created")]
    [InlineData("gauge", "m")]
    [InlineData("histogram", "m_bucket\nm_count\nm_sum\nm_created")]
    [InlineData("gaugehistogram", "m_bucket\nm_gcount\nm_gsum")]
    [InlineData("summary", "m\nm_count\nm_sum\nm_created")]
    [InlineData("info", "m_info")]
    [InlineData("stateset", "m")]
    [InlineData("unknown", "m")]
    public void Each_type_accepts_its_own_sample_names(string type, string names)
    {
        string samples = string.Concat(names.Split('\n').Select(n => n + " 1\n"));
        List<OmSnapshot> entries = ReadAll($"# TYPE m {type}\n{samples}# EOF\n");
        Assert.Equal(names.Split('\n').Length + 1, entries.Count);
    }

    [Theory]
    [InlineData("counter", "m", "expected m_total or m_created")]
    [InlineData("counter", "m_count", "expected m_total or m_created")]
    [InlineData("gauge", "m_total", "expected m")]
    [InlineData("histogram", "m", "expected m_bucket or m_count or m_sum or m_created")]
    [InlineData("histogram", "m_total", "does not fit the histogram family")]
    [InlineData("gaugehistogram", "m_count", "expected m_bucket or m_gcount or m_gsum")]
    [InlineData("summary", "m_bucket", "expected m or m_count or m_sum or m_created")]
    [InlineData("info", "m", "expected m_info")]
    public void A_sample_name_that_does_not_fit_the_declared_type_is_an_error(string type, string name, string messagePart) =>
        RejectsAt($"# TYPE m {type}\n{name} 1\n# EOF\n", 2, messagePart);

    [Fact]
    public void The_http_requests_example_from_the_brief()
    {
        Assert.Equal(3, ReadAll("# TYPE http_requests counter\nhttp_requests_total 1 1\nhttp_requests_created 0 1\n# EOF\n").Count);
        RejectsAt("# TYPE http_requests counter\nhttp_requests 1 1\n# EOF\n", 2, "does not fit the counter family \"http_requests\"");
    }

    [Fact]
    public void A_sample_of_another_name_starts_a_new_untyped_family()
    {
        // Legal OpenMetrics: a family without descriptors is of type unknown.
        List<OmSnapshot> entries = ReadAll("# TYPE a counter\na_total 1\nb 2\nb{x=\"1\"} 3\nc_total 4\n# EOF\n");

        Assert.Equal(OpenMetricsType.Counter, entries[1].Type);
        Assert.Equal(OpenMetricsType.Unknown, entries[2].Type);
        Assert.Equal(OpenMetricsType.Unknown, entries[4].Type);
    }

    [Fact]
    public void A_family_without_samples_is_allowed()
    {
        Assert.Equal(3, ReadAll("# TYPE a counter\n# TYPE b gauge\nb 1\n# EOF\n").Count);
    }

    [Theory]
    [InlineData("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n# EOF\n", 5)]
    [InlineData("# TYPE a counter\na_total 1\n# TYPE b gauge\nb 1\na_total 2\n# EOF\n", 5)]
    [InlineData("# TYPE a counter\na_total 1\nb 1\na_created 2\n# EOF\n", 4)]
    [InlineData("a 1\nb 1\na 2\n# EOF\n", 3)]
    public void A_sample_of_a_family_that_already_ended_is_an_error(string payload, int line) =>
        RejectsAt(payload, line, "samples of a family must be contiguous");

    [Theory]
    [InlineData("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# HELP a again\n# EOF\n", 5)]
    [InlineData("a 1\nb 1\n# TYPE a gauge\n# EOF\n", 3)]
    [InlineData("# TYPE a counter\na_total 1\n# TYPE a_total gauge\n# EOF\n", 3)]
    public void Descriptors_of_a_family_that_already_ended_are_an_error(string payload, int line) =>
        RejectsAt(payload, line, "the lines of a family must be contiguous");

    [Theory]
    [InlineData("# TYPE a gauge\na 1\n# HELP a late\n# EOF\n", 3, "HELP line for metric family \"a\" after its samples")]
    [InlineData("a 1\n# TYPE a gauge\n# EOF\n", 2, "TYPE line for metric family \"a\" after its samples")]
    [InlineData("# TYPE a gauge\n# TYPE a gauge\n# EOF\n", 2, "second TYPE line")]
    [InlineData("# HELP a x\n# HELP a y\n# EOF\n", 2, "second HELP line")]
    [InlineData("# UNIT a_s s\n# UNIT a_s s\n# EOF\n", 2, "second UNIT line")]
    public void Descriptors_come_once_and_before_the_samples(string payload, int line, string messagePart) =>
        RejectsAt(payload, line, messagePart);

    [Fact]
    public void Descriptors_may_come_in_any_order()
    {
        Assert.Equal(4, ReadAll("# UNIT a_seconds seconds\n# HELP a_seconds h\n# TYPE a_seconds gauge\na_seconds 1\n# EOF\n").Count);
    }
}
