using System.Buffers;
using System.Buffers.Binary;
using Metrics.Store.Wal;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.RemoteWrite;

public sealed partial class DurableBuffer
{
    /// <summary>
    /// Reads whole records from the unread position into <paramref name="round"/> until it holds at
    /// least <paramref name="targetSamples"/> samples or nothing more is written; sets the round's end.
    /// File reads happen outside the lock, so appends are not held up by a large round.
    /// </summary>
    public void ReadRound(ShipmentRound round, int targetSamples)
    {
        round.Reset();
        lock (_lock) round.End = _read;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (round.Samples.Count < targetSamples)
            {
                BufferPosition from;
                long committed;
                string path;
                lock (_lock)
                {
                    SkipFinishedSegmentLocked();
                    from = _read;
                    BufferSegment? segment = Find(from.Segment);
                    if (segment is null || from.Offset >= segment.Size) break;
                    committed = segment.Size;
                    path = segment.Path;
                }
                int before = round.Samples.Count;
                (long end, string? problem) = ReadRecords(path, from.Offset, committed, round, targetSamples, ref scratch);
                lock (_lock)
                {
                    if (_read != from)
                    {
                        // The size bound dropped this segment meanwhile and counted its samples lost: forget what was read.
                        round.Samples.RemoveRange(before, round.Samples.Count - before);
                        continue;
                    }
                    int taken = round.Samples.Count - before;
                    _read = new BufferPosition(from.Segment, end);
                    _samplesReadInReadSegment += taken;
                    _unreadSamples -= taken;
                    round.End = _read;
                    if (problem is not null) SkipCorruptRestLocked(path, end, problem);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Marks everything before <paramref name="position"/> delivered: persists it (a restart resumes
    /// there) and deletes segments wholly before it.
    /// </summary>
    public void Acknowledge(BufferPosition position, int samples)
    {
        Span<byte> ack = stackalloc byte[BufferFormat.AckSize];
        BufferFormat.WriteAck(ack, position);
        lock (_lock)
        {
            if (_disposed) return;
            string tmp = Path.Combine(_dir, BufferFormat.AckFile + ".tmp");
            using (var file = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
            {
                file.Write(ack);
                file.Flush(flushToDisk: _fsync);
            }
            File.Move(tmp, Path.Combine(_dir, BufferFormat.AckFile), overwrite: true);
            _unackedSamples = Math.Max(0, _unackedSamples - samples);
            while (_segments.Count > 1 && _segments[0].Index < position.Segment)
            {
                BufferSegment done = _segments[0];
                _segments.RemoveAt(0);
                _totalBytes -= done.Size;
                DeleteQuietly(done.Path);
            }
        }
    }

    /// <summary>Moves the unread position to the next segment once the current one is read to its end and no longer written.</summary>
    private void SkipFinishedSegmentLocked()
    {
        while (true)
        {
            int i = IndexOf(_read.Segment);
            if (i < 0)
            {
                // Below the oldest segment (dropped or acknowledged away): start at the oldest.
                _read = new BufferPosition(_segments[0].Index, 0);
                _samplesReadInReadSegment = 0;
                return;
            }
            if (i == _segments.Count - 1 || _read.Offset < _segments[i].Size) return;
            _read = new BufferPosition(_segments[i + 1].Index, 0);
            _samplesReadInReadSegment = 0;
        }
    }

    /// <summary>A record that fails its checksum on read (disk corruption): the rest of that segment is lost, counted.</summary>
    private void SkipCorruptRestLocked(string path, long offset, string problem)
    {
        int i = IndexOf(_read.Segment);
        if (i < 0) return;
        long lost = _segments[i].Samples - _samplesReadInReadSegment;
        _unreadSamples -= lost;
        _unackedSamples -= lost;
        if (i == _segments.Count - 1) RollLocked();
        _read = new BufferPosition(_segments[i + 1].Index, 0);
        _samplesReadInReadSegment = 0;
        LogCorruptRecord(_logger, path, offset, problem, lost);
        if (lost > 0) OnDropped?.Invoke(lost, "corrupt");
    }

    private static (long End, string? Problem) ReadRecords(string path, long offset, long committed, ShipmentRound round, int targetSamples, ref byte[] scratch)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        file.Position = offset;
        Span<byte> header = stackalloc byte[BufferFormat.RecordHeaderSize];
        while (offset < committed && round.Samples.Count < targetSamples)
        {
            file.ReadExactly(header);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (length > BufferFormat.MaxRecordPayload || committed - offset - BufferFormat.RecordHeaderSize < length)
                return (offset, $"record length {length} runs past the written data");
            if (scratch.Length < length)
            {
                ArrayPool<byte>.Shared.Return(scratch);
                scratch = ArrayPool<byte>.Shared.Rent((int)length);
            }
            Span<byte> payload = scratch.AsSpan(0, (int)length);
            file.ReadExactly(payload);
            if (Crc32C.Compute(payload) != crc) return (offset, "checksum mismatch");
            if (!round.TryAddRecord(payload)) return (offset, "malformed record");
            offset += BufferFormat.RecordHeaderSize + length;
        }
        return (offset, null);
    }

    private BufferSegment? Find(int index)
    {
        int i = IndexOf(index);
        return i < 0 ? null : _segments[i];
    }

    private int IndexOf(int index)
    {
        for (int i = 0; i < _segments.Count; i++)
            if (_segments[i].Index == index) return i;
        return -1;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Corrupt remote-write buffer record in {Segment} at offset {Offset}: {Problem}; skipping the rest of the segment ({Samples} samples lost)")]
    private static partial void LogCorruptRecord(ILogger logger, string segment, long offset, string problem, long samples);
}
