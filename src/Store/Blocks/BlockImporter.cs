using Metrics.Store.Abstractions;
using Metrics.Store.Head;
using Metrics.Store.Labels;

namespace Metrics.Store.Blocks;

/// <summary>
/// Backfill: collects samples of any age in a WAL-less head, then writes one block per aligned
/// block range, the way <c>promtool tsdb create-blocks-from</c> does. Samples out of order within
/// a series are refused and counted, not silently dropped.
/// </summary>
public sealed class BlockImporter : IDisposable
{
    private const int CommitEvery = 20_000;
    private readonly string _outputDir;
    private readonly long _blockRangeMs;
    private readonly TsdbHead _head;
    private IAppender _appender;
    private int _staged;
    private long _accepted;
    private long _rejected;

    public BlockImporter(string outputDir, long blockRangeMs = 2 * 3600 * 1000)
    {
        _outputDir = outputDir;
        _blockRangeMs = blockRangeMs;
        _head = TsdbHead.InMemory(new HeadOptions { BlockRangeMs = blockRangeMs });
        _appender = _head.CreateAppender();
    }

    public long Accepted => _accepted;

    public long Rejected => _rejected;

    public void Add(LabelSet labels, long timestampMs, double value)
    {
        _appender.Append(labels, timestampMs, value);
        if (++_staged >= CommitEvery) Commit();
    }

    /// <summary>Writes the blocks; returns their metadata, oldest first.</summary>
    public List<BlockMeta> Finish()
    {
        Commit();
        Directory.CreateDirectory(_outputDir);
        var written = new List<BlockMeta>();
        if (_head.MinTime == long.MaxValue) return written;
        long start = _head.MinTime - (((_head.MinTime % _blockRangeMs) + _blockRangeMs) % _blockRangeMs);
        for (long min = start; min <= _head.MaxTime; min += _blockRangeMs)
        {
            List<BlockSeries> series = _head.ChunksForBlock(min, min + _blockRangeMs);
            if (series.Count > 0) written.Add(BlockWriter.Write(_outputDir, series, min, min + _blockRangeMs));
        }
        return written;
    }

    private void Commit()
    {
        AppendResult r = _appender.Commit();
        _accepted += r.Accepted;
        _rejected += r.Rejected;
        _staged = 0;
    }

    public void Dispose() => _head.Dispose();
}
