using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Collector.Exposition.OpenMetrics;
using Metrics.Store.Labels;
using static Metrics.Collector.Tests.Exposition.OpenMetrics.OpenMetricsTestHelpers;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>Real OpenMetrics scrapes from Prometheus's own test data.</summary>
public class OpenMetricsPeerFixtureTests
{
    [Theory]
    [InlineData("1histogram.om.txt")]
    [InlineData("alltypes.5mfs.om.txt")]
    public void Every_sample_line_of_a_real_scrape_is_read(string file)
    {
        string path = Path.Combine(PeerDirectory, file);

        List<OmSnapshot> entries = ReadAll(File.ReadAllBytes(path));

        Assert.Equal(CountSampleLines(path), entries.Count(e => e.Kind == OpenMetricsEntryKind.Sample));
        // Each series converts to a label set, since OpenMetrics series are valid text format series.
        foreach (OmSnapshot e in entries.Where(e => e.Kind == OpenMetricsEntryKind.Sample))
            Assert.Equal(e.MetricName, SeriesParser.Parse(Encoding.UTF8.GetBytes(e.Series)).Get(LabelNames.MetricName));
    }

    [Fact]
    public void The_five_families_of_alltypes_are_typed_and_their_exemplars_seen()
    {
        List<OmSnapshot> entries = ReadAll(File.ReadAllBytes(Path.Combine(PeerDirectory, "alltypes.5mfs.om.txt")));

        Assert.Equal(
            [OpenMetricsType.Gauge, OpenMetricsType.Counter, OpenMetricsType.Histogram, OpenMetricsType.Summary, OpenMetricsType.Counter],
            entries.Where(e => e.Kind == OpenMetricsEntryKind.Type).Select(e => e.Type));
        Assert.Equal(5, entries.Count(e => e.Kind == OpenMetricsEntryKind.Help));
        Assert.Equal(6, entries.Count(e => e.HasExemplar));

        OmSnapshot withExemplar = entries.First(e => e.HasExemplar);
        Assert.Equal("rpc_durations_histogram_seconds_bucket{le=\"-0.0002899999999999998\"}", withExemplar.Series);
        Assert.Equal(3, withExemplar.Value);
        Assert.Equal("{dummyID=\"17783\"}", withExemplar.ExemplarLabels);
        Assert.Equal(-0.0003825067330956884, withExemplar.ExemplarValue);
        Assert.Equal(1726839814223, withExemplar.ExemplarTimestampMs);

        OmSnapshot created = entries.First(e => e.MetricName == "promhttp_metric_handler_errors_created");
        Assert.Equal(1.726839813016397e+09, created.Value);
        Assert.Equal(OpenMetricsType.Counter, created.Type);
    }

    [Fact]
    public void The_histogram_scrape_has_three_series_groups()
    {
        List<OmSnapshot> samples = ReadAll(File.ReadAllBytes(Path.Combine(PeerDirectory, "1histogram.om.txt")))
            .Where(e => e.Kind == OpenMetricsEntryKind.Sample).ToList();

        Assert.All(samples, s => Assert.Equal(OpenMetricsType.Histogram, s.Type));
        Assert.Equal(3, samples.Count(s => s.MetricName == "golang_manual_histogram_seconds_count"));
    }
}
