namespace Metrics.Store.Wal;

/// <summary>
/// Appends records to the newest WAL segment. <see cref="Write"/> hands the bytes to the OS
/// (and fsyncs when configured) before it returns, so a caller may acknowledge afterwards.
/// Thread-safe: concurrent writers are serialised.
/// </summary>
public sealed class WalWriter : IDisposable
{
    private readonly string _dir;
    private readonly WalOptions _options;
    private readonly Lock _lock = new();
    private FileStream _segment;
    private int _segmentIndex;
    private bool _disposed;

    /// <summary>Opens the log for appending in a new segment after <paramref name="lastSegment"/> (use -1 for an empty log).</summary>
    public WalWriter(string dir, WalOptions options, int lastSegment)
    {
        _dir = dir;
        _options = options;
        Directory.CreateDirectory(dir);
        _segmentIndex = lastSegment + 1;
        _segment = OpenSegment(_segmentIndex);
    }

    /// <summary>The segment currently written.</summary>
    public int CurrentSegment
    {
        get
        {
            lock (_lock) return _segmentIndex;
        }
    }

    public long BytesWritten { get; private set; }

    /// <summary>Writes whole records (already framed by <see cref="WalBatch"/>) as one write, then flushes.</summary>
    public void Write(ReadOnlySpan<byte> framedRecords)
    {
        lock (_lock)
        {
            if (_segment.Length > 0 && _segment.Length + framedRecords.Length > _options.SegmentSize) StartNewSegmentLocked();
            _segment.Write(framedRecords);
            _segment.Flush(flushToDisk: _options.Fsync);
            BytesWritten += framedRecords.Length;
        }
    }

    /// <summary>Closes the current segment (synced) and starts the next; returns the index of the closed one.</summary>
    public int StartNewSegment()
    {
        lock (_lock)
        {
            int closed = _segmentIndex;
            StartNewSegmentLocked();
            return closed;
        }
    }

    private void StartNewSegmentLocked()
    {
        _segment.Flush(flushToDisk: true);
        _segment.Dispose();
        _segmentIndex++;
        _segment = OpenSegment(_segmentIndex);
    }

    private FileStream OpenSegment(int index)
    {
        string path = Path.Combine(_dir, WalFormat.SegmentName(index));
        // bufferSize 0: every Write goes straight to the OS, so nothing acknowledged sits in our memory.
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        SyncDirectory();
        return stream;
    }

    private void SyncDirectory()
    {
        // A new file's directory entry must be durable too, or fsynced data can vanish with its name.
        if (!_options.Fsync || !OperatingSystem.IsLinux()) return;
        try
        {
            using var dir = new FileStream(_dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            dir.Flush(flushToDisk: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Opening a directory is not allowed everywhere; the data itself is still synced.
        }
        catch (IOException)
        {
            // As above.
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _segment.Flush(flushToDisk: true);
            _segment.Dispose();
        }
    }
}
