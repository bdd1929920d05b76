using System.Buffers;
using System.Buffers.Binary;
using Metrics.Store.Wal;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.RemoteWrite;

public sealed partial class DurableBuffer
{
    private DurableBuffer(string dir, long maxBytes, bool fsync, ILogger logger)
    {
        _dir = dir;
        _maxBytes = maxBytes;
        _fsync = fsync;
        _logger = logger;
        // Eight or more segments per bound, so dropping the oldest loses a small slice; 64 MiB keeps files manageable.
        _segmentSize = Math.Clamp(maxBytes / 8, 4096, 64L << 20);
        _head = null!;
    }

    /// <summary>
    /// Opens (or creates) the buffer in <paramref name="dir"/>: verifies every record's checksum,
    /// truncates a torn or corrupt tail (deleting later segments, with a log line), and resumes
    /// reading at the last acknowledged position. Appends go to a fresh segment.
    /// </summary>
    /// <param name="onDropped">Told of samples lost to the size bound or corruption, from the start (a smaller bound applies at open).</param>
    public static DurableBuffer Open(string dir, long maxBytes, bool fsync, ILogger logger, Action<long, string>? onDropped = null)
    {
        Directory.CreateDirectory(dir);
        var buffer = new DurableBuffer(dir, maxBytes, fsync, logger) { OnDropped = onDropped };
        try
        {
            buffer._lockFile = AcquireLock(dir);
            buffer.Recover();
        }
        catch
        {
            buffer._lockFile?.Dispose();
            throw;
        }
        return buffer;
    }

    private void Recover()
    {
        BufferPosition acked = ReadAck();
        List<(int Index, string Path)> files = WalFormat.ListSegments(_dir);
        bool truncated = false;
        foreach (var (index, path) in files)
        {
            if (index < acked.Segment || truncated)
            {
                // Wholly acknowledged, or written after a corrupt record: never to be sent.
                if (truncated) LogDeletingAfterCorruption(_logger, path);
                File.Delete(path);
                continue;
            }
            var segment = new BufferSegment(index, _dir);
            (long valid, long samples, long samplesBeforeAck, string? problem) = Scan(path, index == acked.Segment ? acked.Offset : -1);
            if (problem is not null)
            {
                LogTruncating(_logger, path, valid, problem);
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1)) file.SetLength(valid);
                truncated = true;
            }
            segment.Size = valid;
            segment.Samples = samples;
            _segments.Add(segment);
            _totalBytes += valid;
            long unread = samples;
            if (index == acked.Segment)
            {
                unread -= samplesBeforeAck;
                _read = new BufferPosition(index, Math.Min(acked.Offset, valid));
                _samplesReadInReadSegment = (int)samplesBeforeAck;
            }
            _unreadSamples += unread;
        }
        // The new head comes after every segment and after the acknowledged one, so a stale ack can never point into fresh data.
        int headIndex = Math.Max(_segments.Count > 0 ? _segments[^1].Index + 1 : 0, acked.Segment + 1);
        if (_segments.Count == 0 || _segments[0].Index != acked.Segment)
        {
            // The acknowledged segment is gone (dropped or fully read before): read from the oldest that remains.
            _read = new BufferPosition(_segments.Count > 0 ? _segments[0].Index : headIndex, 0);
            _samplesReadInReadSegment = 0;
        }
        _unackedSamples = _unreadSamples;
        var head = new BufferSegment(headIndex, _dir);
        _segments.Add(head);
        _head = OpenHead(head);
        if (_unreadSamples > 0) LogResuming(_logger, _dir, _unreadSamples, _read.Segment, _read.Offset);
        long dropped = EnforceBoundLocked();
        if (dropped > 0) OnDropped?.Invoke(dropped, "buffer_full");
    }

    /// <summary>Two processes appending to one buffer would interleave records and acks: the second one is refused.</summary>
    private static FileStream AcquireLock(string dir)
    {
        string path = Path.Combine(dir, "lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException e)
        {
            throw new IOException($"remote-write buffer {dir} is in use by another process ({e.Message})", e);
        }
    }

    private BufferPosition ReadAck()
    {
        string path = Path.Combine(_dir, BufferFormat.AckFile);
        if (!File.Exists(path)) return new BufferPosition(0, 0);
        byte[] bytes = File.ReadAllBytes(path);
        if (BufferFormat.TryReadAck(bytes, out BufferPosition position)) return position;
        // Unreadable: resend everything still on disk rather than risk skipping unsent samples.
        LogBadAck(_logger, path);
        return new BufferPosition(0, 0);
    }

    /// <summary>Checks every record; returns the length of the valid prefix, its sample count, and the samples before <paramref name="ackOffset"/>.</summary>
    private static (long Valid, long Samples, long SamplesBeforeAck, string? Problem) Scan(string path, long ackOffset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        long length = file.Length;
        long offset = 0;
        long samples = 0;
        long beforeAck = 0;
        Span<byte> header = stackalloc byte[BufferFormat.RecordHeaderSize];
        byte[] payload = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (offset < length)
            {
                if (length - offset < BufferFormat.RecordHeaderSize) return (offset, samples, beforeAck, "torn record header");
                file.ReadExactly(header);
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(header);
                uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
                if (size > BufferFormat.MaxRecordPayload || size < BufferFormat.PayloadHeaderSize) return (offset, samples, beforeAck, $"bad record length {size}");
                if (length - offset - BufferFormat.RecordHeaderSize < size) return (offset, samples, beforeAck, "torn record body");
                if (payload.Length < size)
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    payload = ArrayPool<byte>.Shared.Rent((int)size);
                }
                Span<byte> body = payload.AsSpan(0, (int)size);
                file.ReadExactly(body);
                if (Crc32C.Compute(body) != crc) return (offset, samples, beforeAck, "checksum mismatch");
                int count = BufferFormat.SampleCount(body);
                if (offset < ackOffset) beforeAck += count;
                samples += count;
                offset += BufferFormat.RecordHeaderSize + size;
            }
            return (offset, samples, beforeAck, null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote-write buffer corruption in {Segment} at offset {Offset}: {Problem}; truncating the segment there")]
    private static partial void LogTruncating(ILogger logger, string segment, long offset, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting remote-write buffer segment {Segment} written after a corrupt record")]
    private static partial void LogDeletingAfterCorruption(ILogger logger, string segment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote-write buffer acknowledgement file {Path} is unreadable; resending everything still buffered")]
    private static partial void LogBadAck(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote-write buffer {Dir} resumes with {Samples} unsent samples from segment {Segment} offset {Offset}")]
    private static partial void LogResuming(ILogger logger, string dir, long samples, int segment, long offset);
}
