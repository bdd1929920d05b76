using System.Diagnostics;
using System.Globalization;
using Metrics.Collector;
using Metrics.Collector.Exposition;
using Metrics.Collector.Scrape;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.ScrapeBench;

/// <summary>
/// `throughput`: parses a >= 1 MB exposition over and over on one thread and prints MB/s and samples/s per
/// CPU-second, for the bare parser and for the whole steady-state ingest path (parse, series cache, staging).
/// </summary>
internal static class ThroughputRun
{
    public static int Run(string[] args)
    {
        string capture = args.Length > 0 && args[0].Length > 0 ? args[0] : Corpus.DefaultCapture();
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        int minBytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2 << 20;
        (byte[] text, byte[] om, int samples) = Corpus.Build(capture, minBytes);
        Console.WriteLine($"capture {capture}: text {text.Length:N0} B, OpenMetrics {om.Length:N0} B, {samples:N0} samples per body");
        Console.WriteLine("| format | path | MB/s per core | samples/s per core | allocated B/body |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach ((string name, byte[] body, ExpositionFormat format) in new[] { ("text 0.0.4", text, ExpositionFormat.Text), ("OpenMetrics 1.0", om, ExpositionFormat.OpenMetrics) })
        {
            var parser = new ScrapePayloadParser();
            Measure(name, "parse", body, samples, seconds, () =>
            {
                var sink = new CountingSink();
                parser.Parse(body, format, ref sink);
            });
            ScrapeLoop loop = NewLoop();
            long t = 1_700_000_000_000;
            Measure(name, "parse + cache + stage", body, samples, seconds, () =>
            {
                ScrapeReport r = loop.IngestBody(body, format, DateTimeOffset.FromUnixTimeMilliseconds(t += 15_000));
                if (r.Error is not null) throw new InvalidOperationException(r.Error);
            });
        }
        return 0;
    }

    internal static ScrapeLoop NewLoop()
    {
        var target = new ScrapeTarget("bench", new Uri("http://127.0.0.1:1/metrics"), LabelSet.FromPairs("job", "bench", "instance", "127.0.0.1:1"),
            TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), HonorLabels: false, HonorTimestamps: true);
#pragma warning disable CA2000 // lives as long as the process
        return new ScrapeLoop(target, new HttpClient(), new NullStorage(), TimeProvider.System, new CollectorMetrics(), NullLogger.Instance);
#pragma warning restore CA2000
    }

    private static void Measure(string format, string path, byte[] body, int samples, double seconds, Action parseOnce)
    {
        // Warm-up: JIT tiers, and for the ingest path the series cache.
        for (int i = 0; i < 3; i++) parseOnce();
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        parseOnce();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;

        Process self = Process.GetCurrentProcess();
        TimeSpan cpuStart = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        long bodies = 0;
        while (wall.Elapsed.TotalSeconds < seconds)
        {
            parseOnce();
            bodies++;
        }
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuStart).TotalSeconds;
        // Per core: divided by CPU time, so other work on a shared machine does not count against the parser.
        double mbPerS = bodies * (double)body.Length / cpu / 1e6;
        double samplesPerS = bodies * (double)samples / cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {format} | {path} | {mbPerS:F0} | {samplesPerS:N0} | {allocated:N0} |"));
    }
}
