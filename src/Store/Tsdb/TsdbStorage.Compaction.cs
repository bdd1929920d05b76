using Metrics.Store.Blocks;
using Metrics.Store.Labels;
using Metrics.Store.Querying;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Tsdb;

public sealed partial class TsdbStorage
{
    /// <summary>
    /// Merges adjacent blocks that fill one aligned range of the next level (2h -> 6h -> 24h -> ...,
    /// each three times the last) into a single block, so queries over long ranges open fewer files.
    /// </summary>
    private bool CompactOnce()
    {
        BlockReader[] blocks = _blocks;
        long newest = Math.Max(_head.MaxTime, blocks.Length > 0 ? blocks[^1].Meta.MaxTime : long.MinValue);
        foreach (long range in CompactionRanges())
        {
            var groups = blocks.GroupBy(b => FloorTo(b.Meta.MinTime, range));
            foreach (var group in groups)
            {
                long start = group.Key, end = start + range;
                var members = group.Where(b => b.Meta.MaxTime <= end).OrderBy(b => b.Meta.MinTime).ToList();
                // Only a complete, closed range is compacted: later data may still arrive in an open one.
                if (members.Count < 2 || end > newest - _options.Head.BlockRangeMs / 2) continue;
                if (members.Sum(b => b.Meta.MaxTime - b.Meta.MinTime) < range && members[^1].Meta.MaxTime < end) continue;
                Compact(members, start, end);
                return true;
            }
        }
        return false;
    }

    private IEnumerable<long> CompactionRanges()
    {
        long range = _options.Head.BlockRangeMs * 3;
        // Like Prometheus: stop at a tenth of the retention, or 31 days.
        long limit = Math.Min((long)_options.RetentionTime.TotalMilliseconds / 10, 31L * 24 * 3600 * 1000);
        while (range <= limit)
        {
            yield return range;
            range *= 3;
        }
    }

    private void Compact(List<BlockReader> members, long start, long end)
    {
        var merged = new SortedDictionary<LabelSet, List<ChunkSpan>>();
        foreach (BlockReader b in members)
        {
            using var querier = b.Querier(long.MinValue, long.MaxValue);
            foreach (var s in querier.Select([]))
            {
                if (!merged.TryGetValue(s.Labels, out List<ChunkSpan>? chunks)) merged[s.Labels] = chunks = [];
                // Copy out of the mapped file: the source blocks are deleted after this.
                chunks.AddRange(((ChunkSeries)s).Chunks.Select(c => c with { Data = c.Data.ToArray() }));
            }
        }
        var series = merged.Select(kv => new BlockSeries(kv.Key, kv.Value)).ToList();
        int level = members.Max(b => b.Meta.Compaction.Level) + 1;
        var sources = members.SelectMany(b => b.Meta.Compaction.Sources).ToList();
        BlockMeta meta = BlockWriter.Write(_options.Path, series, members.Min(b => b.Meta.MinTime), members.Max(b => b.Meta.MaxTime), level, sources);
        AddBlock(BlockReader.Open(Path.Combine(_options.Path, meta.Ulid)));
        RemoveBlocks(members);
        LogCompacted(_logger, members.Count, meta.Ulid, meta.MinTime, meta.MaxTime, level);
    }

    /// <summary>Deletes blocks older than the retention time, then the oldest while over the size limit.</summary>
    private void ApplyRetention()
    {
        BlockReader[] blocks = _blocks;
        if (blocks.Length == 0) return;
        long newest = Math.Max(_head.MaxTime, blocks[^1].Meta.MaxTime);
        long cutoff = newest - (long)_options.RetentionTime.TotalMilliseconds;
        var gone = blocks.Where(b => b.Meta.MaxTime <= cutoff).ToList();
        if (_options.RetentionBytes > 0)
        {
            long total = blocks.Sum(b => b.SizeBytes) + DirectorySize(WalDir);
            foreach (BlockReader b in blocks)
            {
                if (total <= _options.RetentionBytes) break;
                if (!gone.Contains(b)) gone.Add(b);
                total -= b.SizeBytes;
            }
        }
        if (gone.Count == 0) return;
        RemoveBlocks(gone);
        LogRetention(_logger, gone.Count);
    }

    private static long FloorTo(long t, long range) => t - (((t % range) + range) % range);

    private static long DirectorySize(string dir)
        => Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "Compacted {Count} blocks into {Ulid} [{Min}, {Max}) at level {Level}")]
    private static partial void LogCompacted(ILogger logger, int count, string ulid, long min, long max, int level);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Count} blocks")]
    private static partial void LogRetention(ILogger logger, int count);
}
