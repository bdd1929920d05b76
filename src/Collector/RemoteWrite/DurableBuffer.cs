using Microsoft.Extensions.Logging;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// The on-disk queue between the scrape loop and the remote-write shards. An append is written
/// to the newest segment (handed to the OS, fsynced when configured) before it returns, so an
/// acknowledged scrape survives a crash. A reader takes rounds from the oldest unread position;
/// <see cref="Acknowledge"/> persists how far the receiver has confirmed, and a restart resumes
/// there. Beyond the size bound whole oldest segments are dropped, counted and logged.
/// Thread-safe: appends and the reader may run concurrently.
/// </summary>
public sealed partial class DurableBuffer : IDisposable
{
    private readonly string _dir;
    private readonly long _maxBytes;
    private readonly bool _fsync;
    private readonly long _segmentSize;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<BufferSegment> _segments = [];
    private FileStream _head;
    private FileStream? _lockFile;
    private BufferPosition _read;
    private int _samplesReadInReadSegment;
    private long _unreadSamples;
    private long _unackedSamples;
    private long _totalBytes;
    private TaskCompletionSource _appended = NewSignal();
    private bool _disposed;

    /// <summary>Called with the number of unsent samples lost and why: <c>buffer_full</c> (the size bound) or <c>corrupt</c>.</summary>
    public Action<long, string>? OnDropped { get; set; }

    /// <summary>Samples written but not yet handed to a round.</summary>
    public long UnreadSamples
    {
        get
        {
            lock (_lock) return _unreadSamples;
        }
    }

    /// <summary>Samples written but not yet acknowledged by the receiver (unread plus in flight).</summary>
    public long PendingSamples
    {
        get
        {
            lock (_lock) return _unackedSamples;
        }
    }

    /// <summary>Bytes of all segments on disk.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock) return _totalBytes;
        }
    }

    /// <summary>Completes at the next append; take it before checking <see cref="UnreadSamples"/> to never miss a wake-up.</summary>
    public Task NextAppend
    {
        get
        {
            lock (_lock) return _appended.Task;
        }
    }

    /// <summary>Writes one record holding <paramref name="samples"/> samples; durable (per the fsync policy) when this returns.</summary>
    /// <exception cref="IOException">The disk refused the write; nothing was acknowledged.</exception>
    public void Append(ReadOnlySpan<byte> payload, int samples)
    {
        Span<byte> header = stackalloc byte[BufferFormat.RecordHeaderSize];
        BufferFormat.WriteRecordHeader(header, payload);
        TaskCompletionSource signal;
        long dropped;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            BufferSegment head = _segments[^1];
            if (head.Size > 0 && head.Size + header.Length + payload.Length > _segmentSize) head = RollLocked();
            long before = _head.Position;
            try
            {
                _head.Write(header);
                _head.Write(payload);
                _head.Flush(flushToDisk: _fsync);
            }
            catch (IOException)
            {
                // Cut off a half-written record so the next append starts on a record boundary.
                TruncateQuietly(_head, before);
                throw;
            }
            long size = header.Length + payload.Length;
            head.Size += size;
            head.Samples += samples;
            _totalBytes += size;
            _unreadSamples += samples;
            _unackedSamples += samples;
            dropped = EnforceBoundLocked();
            signal = _appended;
            _appended = NewSignal();
        }
        if (dropped > 0) OnDropped?.Invoke(dropped, "buffer_full");
        signal.TrySetResult();
    }

    private BufferSegment RollLocked()
    {
        _head.Flush(flushToDisk: true);
        _head.Dispose();
        var next = new BufferSegment(_segments[^1].Index + 1, _dir);
        _segments.Add(next);
        _head = OpenHead(next);
        return next;
    }

    /// <summary>Drops the oldest segments while over the bound; the one being written always stays.</summary>
    private long EnforceBoundLocked()
    {
        long lost = 0;
        while (_totalBytes > _maxBytes && _segments.Count > 1)
        {
            BufferSegment oldest = _segments[0];
            long unsent = 0;
            if (oldest.Index == _read.Segment)
            {
                // Samples already handed to a round are still delivered; only the unread rest is lost.
                unsent = oldest.Samples - _samplesReadInReadSegment;
                _read = new BufferPosition(_segments[1].Index, 0);
                _samplesReadInReadSegment = 0;
            }
            _unreadSamples -= unsent;
            _unackedSamples -= unsent;
            _totalBytes -= oldest.Size;
            _segments.RemoveAt(0);
            DeleteQuietly(oldest.Path);
            lost += unsent;
            LogDroppedSegment(_logger, oldest.Path, unsent, _maxBytes);
        }
        return lost;
    }

    private FileStream OpenHead(BufferSegment segment)
    {
        // bufferSize 0: every write goes straight to the OS, so nothing acknowledged sits in our memory.
        var stream = new FileStream(segment.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (_fsync) SyncDirectory(_dir);
        return stream;
    }

    private static void TruncateQuietly(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
        }
        catch (IOException)
        {
            // Recovery's checksum scan cuts the torn record at the next start instead.
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            LogDeleteFailed(_logger, path, e.Message);
        }
    }

    private static void SyncDirectory(string dir)
    {
        // A new file's directory entry must be durable too, or fsynced data can vanish with its name.
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            using var handle = new FileStream(dir, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            handle.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // Opening a directory is not allowed everywhere; the data itself is still synced.
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _head.Flush(flushToDisk: true);
            _head.Dispose();
            _lockFile?.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote-write buffer over its {MaxBytes} byte bound: dropped segment {Segment} with {Samples} unsent samples")]
    private static partial void LogDroppedSegment(ILogger logger, string segment, long samples, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot delete remote-write buffer segment {Segment}: {Problem}")]
    private static partial void LogDeleteFailed(ILogger logger, string segment, string problem);
}
