using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Metrics.Collector.Exposition;
using Metrics.Collector.Exposition.OpenMetrics;
using Metrics.Store.Blocks;
using Metrics.Store.Labels;

namespace Metrics.Host.Roles;

/// <summary><c>metrics tsdb import openmetrics FILE</c> and <c>metrics tsdb analyze DIR</c>.</summary>
public static class TsdbCommand
{
    public static Command Create()
    {
        var tsdb = new Command("tsdb", "Work with the storage directly: backfill and analysis.");

        var file = new Argument<string>("FILE") { Description = "OpenMetrics text with a timestamp on every sample, ending in # EOF." };
        var path = new Option<string>("--storage.tsdb.path") { Description = "Where to write the blocks.", DefaultValueFactory = _ => "./data" };
        var openMetrics = new Command("openmetrics", "Write blocks from an OpenMetrics file (like promtool tsdb create-blocks-from openmetrics).") { file, path };
        openMetrics.SetAction(result => Import(result.GetValue(file)!, result.GetValue(path)!, Console.Out, Console.Error));
        var import = new Command("import", "Backfill blocks from a file.");
        import.Subcommands.Add(openMetrics);
        tsdb.Subcommands.Add(import);

        var dir = new Argument<string>("DIR") { Description = "A storage folder (--storage.tsdb.path) holding blocks." };
        var analyze = new Command("analyze", "Print series, samples, chunk and index bytes, and bytes per sample of each block.") { dir };
        analyze.SetAction(result => Analyze(result.GetValue(dir)!, Console.Out, Console.Error));
        tsdb.Subcommands.Add(analyze);
        return tsdb;
    }

    public static int Import(string file, string outputDir, TextWriter stdout, TextWriter stderr)
    {
        var watch = Stopwatch.StartNew();
        using var importer = new BlockImporter(outputDir);
        byte[] lastSeries = [];
        LabelSet lastLabels = LabelSet.Empty;
        try
        {
            OpenMetricsFile.ReadSamples(file, (series, value, timestampMs) =>
            {
                // Backfill files list a series' samples together: parse its labels once per run of lines.
                if (!series.SequenceEqual(lastSeries))
                {
                    lastLabels = SeriesParser.Parse(series);
                    lastSeries = series.ToArray();
                }
                importer.Add(lastLabels, timestampMs, value);
            });
        }
        catch (Exception e) when (e is ExpositionFormatException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {file}: {e.Message}");
            return 1;
        }
        List<BlockMeta> blocks = importer.Finish();
        foreach (BlockMeta b in blocks)
            stdout.WriteLine($"block {b.Ulid} [{Time(b.MinTime)}, {Time(b.MaxTime)}): {b.Stats.NumSeries} series, {b.Stats.NumSamples} samples");
        stdout.WriteLine($"imported {importer.Accepted} samples into {blocks.Count} blocks in {outputDir} in {watch.Elapsed.TotalSeconds:F1}s"
            + (importer.Rejected > 0 ? $"; {importer.Rejected} samples out of order or duplicated were skipped" : ""));
        return 0;
    }

    public static int Analyze(string dir, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"error: {dir}: no such directory");
            return 1;
        }
        List<BlockStatsReport> reports = BlockStatsReport.ForDirectory(dir);
        if (reports.Count == 0)
        {
            stderr.WriteLine($"error: {dir}: no blocks found");
            return 1;
        }
        foreach (BlockStatsReport r in reports)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"block {r.Ulid} [{Time(r.MinTime)}, {Time(r.MaxTime)}): series {r.Series}, samples {r.Samples}, chunks {r.Chunks}, chunk bytes {r.ChunkBytes}, index bytes {r.IndexBytes}, bytes/sample {r.BytesPerSample:F3}"));
        long samples = reports.Sum(r => r.Samples), chunkBytes = reports.Sum(r => r.ChunkBytes), indexBytes = reports.Sum(r => r.IndexBytes);
        stdout.WriteLine($"blocks: {reports.Count}");
        stdout.WriteLine($"series: {reports.Max(r => r.Series)} (largest block), {reports.Sum(r => r.Series)} (sum over blocks)");
        stdout.WriteLine($"samples: {samples}");
        stdout.WriteLine($"chunk bytes: {chunkBytes}");
        stdout.WriteLine($"index bytes: {indexBytes}");
        stdout.WriteLine($"total bytes: {reports.Sum(r => r.TotalBytes)}");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bytes/sample: {(samples == 0 ? 0 : (double)(chunkBytes + indexBytes) / samples):F3}"));
        return 0;
    }

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
