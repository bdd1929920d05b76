using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Store.Labels;

namespace Metrics.Collector.Tests.Exposition;

public class TextExpositionParserTests
{
    [Fact]
    public void ParseAll_builds_labels_values_and_timestamps()
    {
        List<ScrapedSample> samples = TextExpositionParser.ParseAll(Encoding.UTF8.GetBytes(
            "# HELP rpc_duration_seconds A summary of the RPC duration in seconds.\n" +
            "# TYPE rpc_duration_seconds summary\n" +
            "rpc_duration_seconds{quantile=\"0.01\"} 3102\n" +
            "rpc_duration_seconds{quantile=\"0.99\"} 76656 -1000\n" +
            "rpc_duration_seconds_sum 1.7560473e+07\n" +
            "rpc_duration_seconds_count 2693 1395066363000\n" +
            "something_weird{problem=\"division by zero\"} +Inf -3982045\n"));

        Assert.Equal(5, samples.Count);
        Assert.Equal(new ScrapedSample(LabelSet.FromPairs("__name__", "rpc_duration_seconds", "quantile", "0.01"), 3102, null), samples[0]);
        Assert.Equal(new ScrapedSample(LabelSet.FromPairs("__name__", "rpc_duration_seconds", "quantile", "0.99"), 76656, -1000), samples[1]);
        Assert.Equal(LabelSet.FromPairs("__name__", "rpc_duration_seconds_sum"), samples[2].Labels);
        Assert.Equal(1.7560473e+07, samples[2].Value);
        Assert.Equal(1395066363000, samples[3].TimestampMs);
        Assert.Equal(double.PositiveInfinity, samples[4].Value);
        Assert.Equal(-3982045, samples[4].TimestampMs);
        Assert.Equal("division by zero", samples[4].Labels.Get("problem"));
    }

    [Fact]
    public void ParseAll_appends_to_a_reused_list()
    {
        var list = new List<ScrapedSample> { new(LabelSet.Empty, 0, null) };
        TextExpositionParser.ParseAll("a 1\nb 2"u8, list);
        Assert.Equal(3, list.Count);
        Assert.Equal("b", list[2].Labels.MetricName);
    }

    [Fact]
    public void ParseAll_reports_the_line_of_the_first_bad_line()
    {
        ExpositionFormatException ex = Assert.Throws<ExpositionFormatException>(
            () => TextExpositionParser.ParseAll("a 1\n\n# c\nb{x=\"1\",x=\"2\"} 2\n"u8.ToArray()));
        Assert.Equal(4, ex.LineNumber);
        Assert.Equal("line 4: duplicate label name \"x\"", ex.Message);
    }
}
