using Metrics.Store.Chunks;
using Metrics.Store.Labels;
using Metrics.Store.Querying;

namespace Metrics.Store.Blocks;

/// <summary>
/// Writes an immutable block: chunk segment files, the index and meta.json, into a temporary
/// folder that is renamed into place only when complete, so a crash never leaves a half block.
/// </summary>
public static class BlockWriter
{
    /// <param name="series">Sorted by labels; chunks in time order, each inside [minTime, maxTime).</param>
    public static BlockMeta Write(string parentDir, IReadOnlyList<BlockSeries> series, long minTime, long maxTime,
        int level = 1, IReadOnlyList<string>? sources = null, TimeProvider? clock = null)
    {
        string ulid = Ulid.New((clock ?? TimeProvider.System).GetUtcNow());
        string tmp = Path.Combine(parentDir, ulid + BlockFormat.TempSuffix);
        Directory.CreateDirectory(Path.Combine(tmp, BlockFormat.ChunksDir));

        var chunkRefs = new ulong[series.Count][];
        long samples = 0, chunks = 0;
        using (var writer = new ChunkFilesWriter(Path.Combine(tmp, BlockFormat.ChunksDir)))
        {
            for (int i = 0; i < series.Count; i++)
            {
                IReadOnlyList<ChunkSpan> list = series[i].Chunks;
                chunkRefs[i] = new ulong[list.Count];
                for (int c = 0; c < list.Count; c++)
                {
                    chunkRefs[i][c] = writer.Write(list[c].Data.Span);
                    samples += ChunkReader.GetSampleCount(list[c].Data.Span);
                    chunks++;
                }
            }
        }
        IndexWriter.Write(Path.Combine(tmp, BlockFormat.IndexFile), series, chunkRefs);

        var meta = new BlockMeta
        {
            Ulid = ulid,
            MinTime = minTime,
            MaxTime = maxTime,
            Stats = new BlockStats { NumSamples = samples, NumSeries = series.Count, NumChunks = chunks },
            Compaction = new BlockCompaction { Level = level, Sources = sources ?? [ulid] },
        };
        meta.Write(tmp);
        string final = Path.Combine(parentDir, ulid);
        Directory.Move(tmp, final);
        return meta;
    }

    /// <summary>Removes folders of blocks whose writing was interrupted; returns how many.</summary>
    public static int RemoveIncomplete(string parentDir)
    {
        int removed = 0;
        if (!Directory.Exists(parentDir)) return 0;
        foreach (string dir in Directory.EnumerateDirectories(parentDir, "*" + BlockFormat.TempSuffix))
        {
            Directory.Delete(dir, recursive: true);
            removed++;
        }
        return removed;
    }
}
