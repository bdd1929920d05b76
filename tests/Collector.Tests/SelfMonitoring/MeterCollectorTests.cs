using System.Diagnostics.Metrics;
using Metrics.Collector.Exposition;
using Metrics.Collector.SelfMonitoring;

namespace Metrics.Collector.Tests.SelfMonitoring;

public class MeterCollectorTests
{
    [Fact]
    public void Counters_gauges_and_histograms_are_written_in_the_text_format_and_parse_back()
    {
        string meterName = "Metrics.Test." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        using var collector = new MeterCollector(n => n == meterName);
        Counter<long> counter = meter.CreateCounter<long>("t_requests_total", description: "Requests.\nSecond line \\ here.");
        Histogram<double> histogram = meter.CreateHistogram<double>("t_latency_seconds",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        meter.CreateObservableGauge("t_queue_length", () => 42.0, description: "Queue length.");
        counter.Add(2, new KeyValuePair<string, object?>("code", "200"));
        counter.Add(3, new KeyValuePair<string, object?>("code", "200"));
        counter.Add(1, new KeyValuePair<string, object?>("code", "a\"b"));
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(5);

        var writer = new TextExpositionWriter();
        collector.WriteTo(writer);
        string text = writer.ToString();

        Assert.Contains("# HELP t_requests_total Requests.\\nSecond line \\\\ here.\n# TYPE t_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("t_requests_total{code=\"200\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("t_requests_total{code=\"a\\\"b\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE t_latency_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("t_latency_seconds_bucket{le=\"0.1\"} 1\nt_latency_seconds_bucket{le=\"1\"} 2\nt_latency_seconds_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("t_latency_seconds_sum 5.55\nt_latency_seconds_count 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE t_queue_length gauge\nt_queue_length 42\n", text, StringComparison.Ordinal);

        // Our own parser reads our own output back: the writer's escapes are valid.
        var samples = TextExpositionParser.ParseAll(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Contains(samples, s => s.Labels.Get("code") == "a\"b" && s.Value == 1);
    }
}
