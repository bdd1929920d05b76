namespace Metrics.Store.Blocks;

/// <summary>What <c>metrics tsdb analyze</c> reports for a data folder: sizes per block and bytes per sample.</summary>
public sealed record BlockStatsReport(string Ulid, long MinTime, long MaxTime, long Series, long Samples, long Chunks, long ChunkBytes, long IndexBytes, long TotalBytes)
{
    public double BytesPerSample => Samples == 0 ? 0 : (double)(ChunkBytes + IndexBytes) / Samples;

    /// <summary>Reads every block folder directly under <paramref name="dir"/>.</summary>
    public static List<BlockStatsReport> ForDirectory(string dir)
    {
        var reports = new List<BlockStatsReport>();
        foreach (string blockDir in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            if (!Blocks.Ulid.IsValid(Path.GetFileName(blockDir)) || !File.Exists(Path.Combine(blockDir, BlockMeta.FileName))) continue;
            BlockMeta meta = BlockMeta.Read(blockDir);
            long chunkBytes = Directory.EnumerateFiles(Path.Combine(blockDir, BlockFormat.ChunksDir)).Sum(f => new FileInfo(f).Length);
            long indexBytes = new FileInfo(Path.Combine(blockDir, BlockFormat.IndexFile)).Length;
            long total = Directory.EnumerateFiles(blockDir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            reports.Add(new BlockStatsReport(meta.Ulid, meta.MinTime, meta.MaxTime, meta.Stats.NumSeries, meta.Stats.NumSamples,
                meta.Stats.NumChunks, chunkBytes, indexBytes, total));
        }
        return reports;
    }
}
