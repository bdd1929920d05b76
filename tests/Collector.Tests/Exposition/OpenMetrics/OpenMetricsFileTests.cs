using System.Globalization;
using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Collector.Exposition.OpenMetrics;
using Metrics.Store.Labels;
using static Metrics.Collector.Tests.Exposition.OpenMetrics.OpenMetricsTestHelpers;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>The streaming entry point for backfill files: buffering, line splitting and the timestamp requirement.</summary>
public class OpenMetricsFileTests
{
    private static readonly string Slice = Path.Combine(OwnDirectory, "gen_dataset.slice.om.txt");

    [Fact]
    public void A_slice_of_the_benchmark_dataset_streams_completely()
    {
        byte[] payload = File.ReadAllBytes(Slice);

        List<(string Series, double Value, long TimestampMs)> samples = StreamAll(payload, OpenMetricsFileOptions.DefaultBufferSize);

        Assert.Equal(CountSampleLines(Slice), samples.Count);
        Assert.Equal(60, samples.Count);
        Assert.Equal(
            ("http_requests_total{job=\"frontend\",instance=\"10.0.0.0:8080\",namespace=\"web\",pod=\"frontend-2fb6lkkg6-f46wd\",app=\"frontend\",method=\"GET\",status=\"200\",path=\"/\"}", 13.0, 1704067207076L),
            samples[0]);
        Assert.Equal(1704067222075, samples[1].TimestampMs);
        LabelSet labels = SeriesParser.Parse(Encoding.UTF8.GetBytes(samples[5].Series));
        Assert.Equal("http_request_duration_seconds_bucket", labels.Get(LabelNames.MetricName));
        Assert.Equal("0.005", labels.Get("le"));
    }

    [Fact]
    public void The_path_overload_reads_the_same_samples()
    {
        var names = new List<string>();
        long n = OpenMetricsFile.ReadSamples(Slice, (series, _, _) => names.Add(Encoding.UTF8.GetString(series)));

        Assert.Equal(60, n);
        Assert.Equal(60, names.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(150)]
    [InlineData(1000)]
    [InlineData(4096)]
    public void Lines_straddling_buffer_boundaries_are_read_whole(int bufferSize)
    {
        byte[] payload = Generate(targets: 3, steps: 20, out int expectedSamples);
        List<(string Series, double Value, long TimestampMs)> reference = StreamAll(payload, 1 << 20);

        List<(string Series, double Value, long TimestampMs)> samples = StreamAll(payload, bufferSize);

        Assert.Equal(expectedSamples, reference.Count);
        Assert.Equal(reference, samples);
    }

    [Fact]
    public void A_generated_dataset_parses_with_the_values_it_was_written_with()
    {
        byte[] payload = Generate(targets: 4, steps: 40, out int expectedSamples);

        List<(string Series, double Value, long TimestampMs)> samples = StreamAll(payload, 4096);

        Assert.Equal(expectedSamples, samples.Count);
        // Every timestamp is target start + step * 15 s + the jitter written as %.3f.
        foreach ((string series, _, long ts) in samples)
        {
            Assert.StartsWith("gen_", series);
            Assert.InRange(ts, 1704067200000, 1704067200000 + 40 * 15000 + 15000);
        }
        Assert.Equal(1704067200000 + 1 * 15000 + 1, samples[1].TimestampMs);
    }

    [Fact]
    public void A_sample_without_a_timestamp_names_its_line()
    {
        byte[] payload = Encoding.UTF8.GetBytes("# TYPE m gauge\nm 1 1\nm 2\n# EOF\n");

        ExpositionFormatException ex = Assert.Throws<ExpositionFormatException>(() => StreamAll(payload, 5));

        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("without a timestamp", ex.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4096)]
    public void Errors_carry_the_line_number_across_buffers(int bufferSize)
    {
        byte[] payload = Encoding.UTF8.GetBytes("# TYPE m gauge\nm 1 1\nm 2 2\nm 3 3\nm 4 x\n# EOF\n");

        ExpositionFormatException ex = Assert.Throws<ExpositionFormatException>(() => StreamAll(payload, bufferSize));

        Assert.Equal(5, ex.LineNumber);
    }

    [Theory]
    [InlineData("m 1 1\n", 2, "missing \"# EOF\"")]
    [InlineData("m 1 1\n# EOF\nm 2 2\n", 3, "after \"# EOF\"")]
    [InlineData("m 1 1\n# EOF\n\n", 3, "after \"# EOF\"")]
    [InlineData("m 1 1\n\n# EOF\n", 2, "blank line")]
    public void End_of_file_rules_hold_whatever_the_buffer_size(string payload, int line, string messagePart)
    {
        foreach (int size in new[] { 1, 2, 5, 4096 })
        {
            ExpositionFormatException ex = Assert.Throws<ExpositionFormatException>(() => StreamAll(Encoding.UTF8.GetBytes(payload), size));
            Assert.Equal(line, ex.LineNumber);
            Assert.Contains(messagePart, ex.Message);
        }
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_rejected()
    {
        byte[] payload = Encoding.UTF8.GetBytes("m 1 1\nm{a=\"" + new string('x', 300) + "\"} 1 1\n# EOF\n");
        using var stream = new MemoryStream(payload);

        ExpositionFormatException ex = Assert.Throws<ExpositionFormatException>(() =>
            OpenMetricsFile.ReadSamples(stream, (_, _, _) => { }, new OpenMetricsFileOptions { BufferSize = 16, MaxLineLength = 256 }));

        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("longer than 256 bytes", ex.Message);
    }

    [Fact]
    public void A_struct_visitor_sees_every_sample()
    {
        byte[] payload = Generate(targets: 2, steps: 10, out int expectedSamples);
        var visitor = new SumVisitor();
        using var stream = new MemoryStream(payload);

        long n = OpenMetricsFile.ReadSamples(stream, ref visitor, new OpenMetricsFileOptions { BufferSize = 100 });

        Assert.Equal(expectedSamples, n);
        Assert.Equal(expectedSamples, visitor.Count);
        Assert.True(visitor.SeriesBytes > 0);
    }

    private struct SumVisitor : IOpenMetricsSampleVisitor
    {
        public long Count;
        public long SeriesBytes;

        public void OnSample(ReadOnlySpan<byte> series, double value, long timestampMs)
        {
            Count++;
            SeriesBytes += series.Length;
        }
    }

    /// <summary>
    /// Writes a file shaped like /work/shared/bench/gen_dataset.py's output: per target a counter, a histogram
    /// and a gauge family, each family contiguous, timestamps as jittered seconds with three decimals.
    /// </summary>
    private static byte[] Generate(int targets, int steps, out int samples)
    {
        var sb = new StringBuilder();
        samples = 0;
        string Ts(int target, int step) =>
            ((1704067200000L + target * 7 + step * 15000L + step % 5) / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        string Labels(int t) => $"job=\"app{t}\",instance=\"10.0.0.{t}:8080\",pod=\"app{t}-x y\"";

        sb.Append("# TYPE gen_requests counter\n# HELP gen_requests Total requests.\n");
        for (int t = 0; t < targets; t++)
        {
            for (int s = 0; s < steps; s++, samples++)
                sb.Append(CultureInfo.InvariantCulture, $"gen_requests_total{{{Labels(t)},path=\"/\"}} {s * 10} {Ts(t, s)}\n");
        }
        sb.Append("# TYPE gen_latency_seconds histogram\n# HELP gen_latency_seconds Latency.\n# UNIT gen_latency_seconds seconds\n");
        string[] les = ["0.1", "1.0", "+Inf"];
        for (int t = 0; t < targets; t++)
        {
            for (int s = 0; s < steps; s++)
            {
                foreach (string le in les)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"gen_latency_seconds_bucket{{{Labels(t)},le=\"{le}\"}} {s} {Ts(t, s)}\n");
                    samples++;
                }
                sb.Append(CultureInfo.InvariantCulture, $"gen_latency_seconds_count{{{Labels(t)}}} {s} {Ts(t, s)}\n");
                sb.Append(CultureInfo.InvariantCulture, $"gen_latency_seconds_sum{{{Labels(t)}}} {s * 0.25} {Ts(t, s)}\n");
                samples += 2;
            }
        }
        sb.Append("# TYPE gen_memory_bytes gauge\n# HELP gen_memory_bytes Resident memory \\\"RSS\\\".\n");
        for (int t = 0; t < targets; t++)
        {
            for (int s = 0; s < steps; s++, samples++)
                sb.Append(CultureInfo.InvariantCulture, $"gen_memory_bytes{{{Labels(t)}}} {2e8 + s:R} {Ts(t, s)}\n");
        }
        sb.Append("# EOF\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
