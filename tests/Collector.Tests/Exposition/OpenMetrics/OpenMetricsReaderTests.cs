using Metrics.Collector.Exposition;
using Metrics.Collector.Exposition.OpenMetrics;
using Metrics.Store.Labels;
using static Metrics.Collector.Tests.Exposition.OpenMetrics.OpenMetricsTestHelpers;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>Every well-formed line shape of OpenMetrics 1.0 and what the reader makes of it.</summary>
public class OpenMetricsReaderTests
{
    [Fact]
    public void A_bare_sample_has_no_labels_timestamp_or_exemplar()
    {
        OmSnapshot e = Single("up 1\n");

        Assert.Equal(OpenMetricsEntryKind.Sample, e.Kind);
        Assert.Equal("up", e.MetricName);
        Assert.Equal("up", e.Series);
        Assert.Equal(1, e.Value);
        Assert.Null(e.TimestampMs);
        Assert.False(e.HasExemplar);
        Assert.Equal(OpenMetricsType.Unknown, e.Type);
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void A_sample_keeps_its_label_block_as_written_and_gets_a_millisecond_timestamp()
    {
        OmSnapshot e = Single("http_requests_total{method=\"GET\",path=\"/a b\"} 13 1704067207.076\n");

        Assert.Equal("http_requests_total", e.MetricName);
        Assert.Equal("http_requests_total{method=\"GET\",path=\"/a b\"}", e.Series);
        Assert.Equal(13, e.Value);
        Assert.Equal(1704067207076, e.TimestampMs);
    }

    [Fact]
    public void The_series_bytes_parse_into_labels_with_the_text_format_series_parser()
    {
        OmSnapshot e = Single("m{b=\"x\\\"y\\\\z\\n\",a=\"\"} 1\n");

        LabelSet labels = SeriesParser.Parse(System.Text.Encoding.UTF8.GetBytes(e.Series));

        Assert.Equal(LabelSet.FromPairs("__name__", "m", "a", "", "b", "x\"y\\z\n"), labels);
    }

    [Theory]
    [InlineData("m{} 1\n", "m{}")]
    [InlineData("m{a=\"1\",} 1\n", "m{a=\"1\",}")]       // a trailing comma, which Prometheus accepts
    [InlineData("m{a=\"{}, =\"} 1\n", "m{a=\"{}, =\"}")]  // punctuation and blanks inside a value
    [InlineData("_m:x{_a=\"\"} 1\n", "_m:x{_a=\"\"}")]
    public void Label_blocks_in_all_legal_shapes_are_read(string line, string series) =>
        Assert.Equal(series, Single(line).Series);

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-1.5e3", -1500.0)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1.0)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+Infinity", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    [InlineData("1.726839813016397e+09", 1.726839813016397e+09)]
    [InlineData("007", 7.0)]                              // the integer fast path...
    [InlineData("123456789012345", 123456789012345.0)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]  // ...and beyond it
    [InlineData("-42", -42.0)]
    public void Values_are_read_like_prometheus_does(string token, double expected) =>
        Assert.Equal(expected, Single($"m {token}\n").Value);

    [Fact]
    public void NaN_is_gos_bit_pattern()
    {
        double v = Single("m NaN\n").Value;
        Assert.Equal(0x7FF8000000000001UL, BitConverter.DoubleToUInt64Bits(v));
    }

    [Fact]
    public void Type_help_and_unit_lines_describe_a_family()
    {
        List<OmSnapshot> entries = ReadAll(
            "# TYPE http_request_duration_seconds histogram\n" +
            "# HELP http_request_duration_seconds HTTP request latency.\n" +
            "# UNIT http_request_duration_seconds seconds\n" +
            "http_request_duration_seconds_bucket{le=\"+Inf\"} 3 1\n" +
            "# EOF\n");

        Assert.Equal(
            [OpenMetricsEntryKind.Type, OpenMetricsEntryKind.Help, OpenMetricsEntryKind.Unit, OpenMetricsEntryKind.Sample],
            entries.Select(e => e.Kind));
        Assert.All(entries.Take(3), e => Assert.Equal("http_request_duration_seconds", e.MetricName));
        Assert.Equal(OpenMetricsType.Histogram, entries[0].Type);
        Assert.Equal("histogram", entries[0].Text);
        Assert.Equal("HTTP request latency.", entries[1].HelpText);
        Assert.Equal("seconds", entries[2].Text);
        Assert.Equal(OpenMetricsType.Histogram, entries[3].Type);
        Assert.Equal([1, 2, 3, 4], entries.Select(e => e.LineNumber));
    }

    [Theory]
    [InlineData("counter", OpenMetricsType.Counter, "m_total")]
    [InlineData("gauge", OpenMetricsType.Gauge, "m")]
    [InlineData("histogram", OpenMetricsType.Histogram, "m_bucket{le=\"+Inf\"}")]
    [InlineData("gaugehistogram", OpenMetricsType.GaugeHistogram, "m_gcount")]
    [InlineData("stateset", OpenMetricsType.StateSet, "m{m=\"a\"}")]
    [InlineData("info", OpenMetricsType.Info, "m_info{v=\"1\"}")]
    [InlineData("summary", OpenMetricsType.Summary, "m{quantile=\"0.5\"}")]
    [InlineData("unknown", OpenMetricsType.Unknown, "m")]
    public void Every_metric_type_is_recognised_and_passed_on_to_its_samples(string word, OpenMetricsType type, string series)
    {
        List<OmSnapshot> entries = ReadAll($"# TYPE m {word}\n{series} 1\n# EOF\n");

        Assert.Equal(type, entries[0].Type);
        Assert.Equal(type, entries[1].Type);
        Assert.Equal(series, entries[1].Series);
    }

    [Fact]
    public void Help_text_is_unescaped_leniently_like_prometheus()
    {
        OmSnapshot e = Single("# HELP m a \\\\ b \\n c \\\" d \\x e\n");

        Assert.Equal("a \\\\ b \\n c \\\" d \\x e", e.Text);
        Assert.Equal("a \\ b \n c \" d \\x e", e.HelpText);
    }

    [Fact]
    public void Empty_help_and_unit_are_allowed_after_their_space()
    {
        List<OmSnapshot> entries = ReadAll("# HELP m \n# UNIT m \n# EOF\n");

        Assert.Equal("", entries[0].HelpText);
        Assert.Equal("", entries[1].Text);
    }

    [Fact]
    public void An_exemplar_is_read_after_the_value()
    {
        OmSnapshot e = Single("h_bucket{le=\"1\"} 3 # {trace_id=\"abc\",span=\"x y\"} 0.5\n");

        Assert.Equal("h_bucket{le=\"1\"}", e.Series);
        Assert.Equal(3, e.Value);
        Assert.Null(e.TimestampMs);
        Assert.True(e.HasExemplar);
        Assert.Equal("{trace_id=\"abc\",span=\"x y\"}", e.ExemplarLabels);
        Assert.Equal(0.5, e.ExemplarValue);
        Assert.Null(e.ExemplarTimestampMs);
    }

    [Fact]
    public void An_exemplar_with_its_own_timestamp_follows_the_sample_timestamp()
    {
        OmSnapshot e = Single("h_bucket 3 1704067207.076 # {} -0.25 1.7268398142239082e+09\n");

        Assert.Equal(1704067207076, e.TimestampMs);
        Assert.True(e.HasExemplar);
        Assert.Equal("{}", e.ExemplarLabels);
        Assert.Equal(-0.25, e.ExemplarValue);
        Assert.Equal(1726839814223, e.ExemplarTimestampMs);
    }

    [Fact]
    public void The_eof_marker_may_lack_a_line_feed()
    {
        Assert.Single(ReadAll("m 1\n# EOF"));
        Assert.Empty(ReadAll("# EOF"));
    }

    [Fact]
    public void Null_bytes_are_allowed_in_label_values_and_help()
    {
        List<OmSnapshot> entries = ReadAll("# HELP m a\0b\nm{a=\"x\0\"} 1\n# EOF\n");

        Assert.Equal("a\0b", entries[0].HelpText);
        Assert.Equal("m{a=\"x\0\"}", entries[1].Series);
    }

    [Fact]
    public void Utf8_in_label_values_and_help_is_kept()
    {
        List<OmSnapshot> entries = ReadAll("# HELP m Größe €\nm{a=\"Grüße\"} 1\n# EOF\n");

        Assert.Equal("Größe €", entries[0].HelpText);
        Assert.Equal("m{a=\"Grüße\"}", entries[1].Series);
    }

    [Fact]
    public void Reading_after_the_end_keeps_returning_false()
    {
        var reader = new OpenMetricsReader("m 1\n# EOF\n"u8);
        Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Samples_allocate_nothing_in_steady_state()
    {
        byte[] payload = System.Text.Encoding.UTF8.GetBytes(
            "# TYPE m counter\n" + string.Concat(Enumerable.Repeat("m_total{a=\"1\",b=\"two\"} 12.5 1704067207.076\n", 200)) + "# EOF\n");
        CountSamples(payload);                             // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        int n = CountSamples(payload);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(200, n);
        // The reader state (family tracker and its name set) is allocated once per exposition.
        Assert.True(allocated < 4096, $"allocated {allocated} bytes");
    }

    private static int CountSamples(byte[] payload)
    {
        var reader = new OpenMetricsReader(payload);
        int n = 0;
        while (reader.TryRead(out OpenMetricsEntry e))
        {
            if (e.Kind == OpenMetricsEntryKind.Sample) n++;
        }
        return n;
    }
}
