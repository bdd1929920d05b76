using Metrics.Store.Blocks;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Tsdb;

public sealed partial class TsdbStorage
{
    /// <summary>Cuts due head ranges into blocks, compacts adjacent blocks and applies retention; never runs twice at once.</summary>
    public void RunMaintenance()
    {
        lock (_maintenance)
        {
            bool cut = false;
            while (CutHeadBlock()) cut = true;
            while (CompactOnce()) { }
            ApplyRetention();
            ReleaseMemory(cut);
        }
    }

    /// <summary>
    /// A cut frees a block range of chunks at once, and a store that has just stopped receiving
    /// keeps its peak heap forever because nothing allocates enough to trigger a collection. Like
    /// Go's periodic GC under Prometheus, a full compacting collection at a maintenance pass (after
    /// a cut, or after 64 MiB of allocation since the last one) hands that memory back to the OS.
    /// </summary>
    private void ReleaseMemory(bool cut)
    {
        long allocated = GC.GetTotalAllocatedBytes();
        if (!cut && allocated - _allocatedAtLastCollection < 64L << 20) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _allocatedAtLastCollection = GC.GetTotalAllocatedBytes();
    }

    private long _allocatedAtLastCollection;

    /// <summary>
    /// Persists the oldest block range of the head once the head spans 1.5 block ranges, as
    /// Prometheus does, so recent data stays writable and the block is complete.
    /// </summary>
    private bool CutHeadBlock()
    {
        long range = _options.Head.BlockRangeMs;
        long min = _head.MinTime, max = _head.MaxTime;
        if (min == long.MaxValue || max - min <= range / 2 * 3) return false;
        long blockMin = min - (((min % range) + range) % range);
        long blockMax = blockMin + range;
        var series = _head.ChunksForBlock(blockMin, blockMax);
        if (series.Count > 0)
        {
            BlockMeta meta = BlockWriter.Write(_options.Path, series, blockMin, blockMax);
            AddBlock(BlockReader.Open(Path.Combine(_options.Path, meta.Ulid)));
            LogBlockCut(_logger, meta.Ulid, blockMin, blockMax, meta.Stats.NumSeries, meta.Stats.NumSamples);
        }
        _head.Truncate(blockMax, WalDir);
        return true;
    }

    private void AddBlock(BlockReader block)
    {
        var list = new List<BlockReader>(_blocks) { block };
        list.Sort(static (a, b) => a.Meta.MinTime.CompareTo(b.Meta.MinTime));
        _blocks = [.. list];
    }

    /// <summary>Removes blocks from the query set and deletes their folders; readers holding leases finish first.</summary>
    private void RemoveBlocks(IReadOnlyCollection<BlockReader> gone)
    {
        _blocks = [.. _blocks.Where(b => !gone.Contains(b))];
        foreach (BlockReader b in gone)
        {
            b.Dispose();
            // Deleting a mapped file is fine on Linux: the mapping lives until the last reader lets go.
            Directory.Delete(b.Dir, recursive: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cut block {Ulid} [{Min}, {Max}) from the head: {Series} series, {Samples} samples")]
    private static partial void LogBlockCut(ILogger logger, string ulid, long min, long max, long series, long samples);
}
