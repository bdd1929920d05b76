using Metrics.Store.Blocks;
using Metrics.Store.Querying;
using Metrics.Store.Wal;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Head;

public sealed partial class TsdbHead
{
    /// <summary>
    /// The series of [minTime, maxTime) as whole chunks, sorted by labels, ready for a block.
    /// Open chunks that end before maxTime are closed first.
    /// </summary>
    public List<BlockSeries> ChunksForBlock(long minTime, long maxTime)
    {
        var result = new List<BlockSeries>();
        foreach (HeadSeries s in _series.Snapshot())
        {
            s.CloseChunkBefore(maxTime);
            List<ChunkSpan> chunks = s.ChunksIn(minTime, maxTime - 1);
            if (chunks.Count > 0) result.Add(new BlockSeries(s.Labels, chunks));
        }
        result.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        return result;
    }

    /// <summary>
    /// Forgets everything before <paramref name="minTime"/> (now persisted in blocks), removes
    /// series left empty, and checkpoints the WAL so its old segments can go.
    /// </summary>
    public void Truncate(long minTime, string? walDir)
    {
        int removed = 0;
        lock (_commitLock)
        {
            Interlocked.Exchange(ref _minValidTime, Math.Max(MinValidTime, minTime));
            foreach (HeadSeries s in _series.Snapshot())
            {
                s.TruncateBefore(minTime);
                // A series never committed has no time yet: an appender may be about to use it.
                if (!s.IsEmpty || s.MaxTime == long.MinValue) continue;
                s.Removed = true;
                _series.Remove(s);
                _postings.Remove(s.Reference, s.Labels);
                removed++;
            }
            long min = Interlocked.Read(ref _minTime);
            if (min < minTime) Interlocked.Exchange(ref _minTime, MaxTime >= minTime ? minTime : long.MaxValue);
        }
        _metrics?.SeriesRemoved.Add(removed);
        if (walDir is not null && _wal is not null) Checkpoint(walDir);
    }

    /// <summary>
    /// Writes every live series and its samples into checkpoint.N (N = the segment just closed),
    /// then deletes segments up to N and older checkpoints. Appends go on into segment N+1
    /// meanwhile; a sample found in both is a duplicate that replay ignores.
    /// </summary>
    private void Checkpoint(string walDir)
    {
        int closed = _wal!.StartNewSegment();
        string final = Path.Combine(walDir, WalFormat.CheckpointPrefix + WalFormat.SegmentName(closed));
        string tmp = final + ".tmp";
        if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
        Directory.CreateDirectory(tmp);
        var writer = new WalWriter(tmp, new WalOptions { Fsync = false, SegmentSize = long.MaxValue }, -1);
        using (var batch = new WalBatch())
        {
            foreach (HeadSeries s in _series.Snapshot())
            {
                batch.Clear();
                batch.AddSeries(s.Reference, s.Labels);
                foreach (ChunkSpan chunk in s.ChunksIn(long.MinValue, long.MaxValue))
                {
                    var it = Chunks.ChunkReader.GetIterator(chunk.Data);
                    while (it.MoveNext()) batch.AddSample(s.Reference, it.At().TimestampMs, it.At().Value);
                }
                writer.Write(batch.Frame());
            }
        }
        writer.Dispose();   // fsyncs
        Directory.Move(tmp, final);
        foreach (var (index, path) in WalFormat.ListSegments(walDir))
            if (index <= closed) File.Delete(path);
        foreach (string dir in Directory.EnumerateDirectories(walDir, WalFormat.CheckpointPrefix + "*"))
            if (dir != final) Directory.Delete(dir, recursive: true);
        LogCheckpoint(_logger, final, SeriesCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WAL checkpoint {Checkpoint} written with {Series} series")]
    private static partial void LogCheckpoint(ILogger logger, string checkpoint, int series);
}
