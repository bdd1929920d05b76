using Metrics.Store.Abstractions;
using Metrics.Store.Head;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Tsdb;

/// <summary>
/// The time-series database behind <see cref="IStorage"/>: a WAL-backed head for recent data.
/// Opening it replays the WAL, so everything acknowledged before a crash is back.
/// </summary>
public sealed class TsdbStorage : IStorage, IDisposable
{
    private readonly TsdbHead _head;
    private readonly FileStream _lock;

    private TsdbStorage(TsdbHead head, FileStream dirLock)
    {
        _head = head;
        _lock = dirLock;
    }

    public TsdbHead Head => _head;

    public static TsdbStorage Open(TsdbOptions options, StoreMetrics? metrics, ILogger logger)
    {
        Directory.CreateDirectory(options.Path);
        FileStream dirLock = AcquireLock(options.Path);
        try
        {
            var head = TsdbHead.Open(System.IO.Path.Combine(options.Path, "wal"), options.Head, metrics, logger);
            metrics?.ObserveGauge("metrics_tsdb_head_series", "Series in the head.", () => head.SeriesCount);
            return new TsdbStorage(head, dirLock);
        }
        catch
        {
            dirLock.Dispose();
            throw;
        }
    }

    public IAppender CreateAppender() => _head.CreateAppender();

    public ISeriesQuerier Querier(long minTimeMs, long maxTimeMs) => _head.Querier(minTimeMs, maxTimeMs);

    public void Dispose()
    {
        _head.Dispose();
        _lock.Dispose();
    }

    /// <summary>One process per data folder: a second one would corrupt the WAL.</summary>
    private static FileStream AcquireLock(string path)
    {
        string lockPath = System.IO.Path.Combine(path, "lock");
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e)
        {
            throw new IOException($"cannot lock data directory {path}: another process uses it ({e.Message})", e);
        }
    }
}
