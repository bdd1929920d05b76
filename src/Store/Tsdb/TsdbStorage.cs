using Metrics.Store.Abstractions;
using Metrics.Store.Blocks;
using Metrics.Store.Head;
using Metrics.Store.Querying;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Tsdb;

/// <summary>
/// The time-series database behind <see cref="IStorage"/>: a WAL-backed head for recent data and
/// immutable blocks on disk for older data. Opening it replays the WAL, so everything
/// acknowledged before a crash is back; a background pass cuts the head into blocks, compacts
/// them and applies retention.
/// </summary>
public sealed partial class TsdbStorage : IStorage, IDisposable
{
    private readonly TsdbOptions _options;
    private readonly StoreMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly TsdbHead _head;
    private readonly FileStream _lock;
    private readonly Lock _maintenance = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile BlockReader[] _blocks;
    private Task? _background;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _disposed;

    private TsdbStorage(TsdbOptions options, StoreMetrics? metrics, ILogger logger, TsdbHead head, FileStream dirLock, BlockReader[] blocks)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _head = head;
        _lock = dirLock;
        _blocks = blocks;
    }

    public TsdbHead Head => _head;

    /// <summary>The open blocks, oldest first.</summary>
    public IReadOnlyList<BlockReader> Blocks => _blocks;

    private string WalDir => Path.Combine(_options.Path, "wal");

    public static TsdbStorage Open(TsdbOptions options, StoreMetrics? metrics, ILogger logger)
    {
        Directory.CreateDirectory(options.Path);
        FileStream dirLock = AcquireLock(options.Path);
        var blocks = new List<BlockReader>();
        try
        {
            int removed = BlockWriter.RemoveIncomplete(options.Path);
            if (removed > 0) LogRemovedIncomplete(logger, removed, options.Path);
            foreach (string dir in Directory.EnumerateDirectories(options.Path))
            {
                if (!Ulid.IsValid(Path.GetFileName(dir))) continue;
                try
                {
                    blocks.Add(BlockReader.Open(dir));
                }
                catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
                {
                    // A damaged block must not keep the rest of the data offline.
                    LogBadBlock(logger, dir, e.Message);
                }
            }
            blocks.Sort(static (a, b) => a.Meta.MinTime.CompareTo(b.Meta.MinTime));
            var head = TsdbHead.Open(Path.Combine(options.Path, "wal"), options.Head, metrics, logger);
            // WAL data already persisted in a block (a crash before the checkpoint) is dropped from the head.
            if (blocks.Count > 0) head.Truncate(blocks[^1].Meta.MaxTime, walDir: null);
            var storage = new TsdbStorage(options, metrics, logger, head, dirLock, [.. blocks]);
            metrics?.ObserveGauge("metrics_tsdb_head_series", "Series in the head.", () => head.SeriesCount);
            metrics?.ObserveGauge("metrics_tsdb_blocks_loaded", "Blocks open for queries.", () => storage._blocks.Length);
            return storage;
        }
        catch
        {
            foreach (BlockReader b in blocks) b.Dispose();
            dirLock.Dispose();
            throw;
        }
    }

    /// <summary>Starts the background pass that cuts blocks, compacts and applies retention.</summary>
    public void StartMaintenance(TimeProvider clock)
    {
        _background = Task.Run(async () =>
        {
            try
            {
                Task wake = _wake.WaitAsync(_stop.Token);
                while (true)
                {
                    // Wake at the interval, or at once when a commit made the head long enough to cut.
                    // The wait on the signal is kept across rounds, so a signal given meanwhile is never lost.
                    await Task.WhenAny(wake, Task.Delay(_options.MaintenanceInterval, clock, _stop.Token)).ConfigureAwait(false);
                    _stop.Token.ThrowIfCancellationRequested();
                    if (wake.IsCompleted) wake = _wake.WaitAsync(_stop.Token);
                    try
                    {
                        RunMaintenance();
                    }
                    catch (IOException e)
                    {
                        LogMaintenanceFailed(_logger, e.Message);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        });
    }

    public IAppender CreateAppender() => new SignallingAppender(_head.CreateAppender(), this);

    /// <summary>Like Prometheus, compact as soon as the head spans 1.5 block ranges instead of waiting for the timer.</summary>
    private void AfterCommit()
    {
        long min = _head.MinTime, max = _head.MaxTime;
        if (min != long.MaxValue && max - min > _options.Head.BlockRangeMs / 2 * 3 && _wake.CurrentCount == 0) _wake.Release();
    }

    private sealed class SignallingAppender(IAppender inner, TsdbStorage owner) : IAppender
    {
        public void Append(Labels.LabelSet labels, long timestampMs, double value) => inner.Append(labels, timestampMs, value);

        public AppendResult Commit()
        {
            AppendResult result = inner.Commit();
            owner.AfterCommit();
            return result;
        }

        public void Rollback() => inner.Rollback();
    }

    public ISeriesQuerier Querier(long minTimeMs, long maxTimeMs)
    {
        var sources = new List<ISeriesQuerier>();
        foreach (BlockReader b in _blocks)
            if (b.Meta.MinTime <= maxTimeMs && b.Meta.MaxTime > minTimeMs) sources.Add(b.Querier(minTimeMs, maxTimeMs));
        sources.Add(_head.Querier(minTimeMs, maxTimeMs));
        return sources.Count == 1 ? sources[0] : new MergeQuerier(sources, minTimeMs, maxTimeMs);
    }

    /// <summary>Stops maintenance and closes the head and blocks; safe to call more than once (DI disposes each registration).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        try
        {
            _background?.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Already logged by the loop.
        }
        lock (_maintenance)
        {
            _head.Dispose();
            foreach (BlockReader b in _blocks) b.Dispose();
        }
        _lock.Dispose();
        _stop.Dispose();
    }

    /// <summary>One process per data folder: a second one would corrupt the WAL.</summary>
    private static FileStream AcquireLock(string path)
    {
        string lockPath = Path.Combine(path, "lock");
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot lock data directory {path}: another process uses it ({e.Message})", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {Count} incomplete block folders in {Path} left by an interrupted write")]
    private static partial void LogRemovedIncomplete(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipping unreadable block {Dir}: {Problem}")]
    private static partial void LogBadBlock(ILogger logger, string dir, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage maintenance failed: {Problem}")]
    private static partial void LogMaintenanceFailed(ILogger logger, string problem);
}
