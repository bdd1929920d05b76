using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Wal;

/// <summary>
/// Replays WAL records in order: the newest checkpoint, then every later segment. A torn or
/// corrupt record ends the replay: the segment is truncated there and later segments are
/// deleted, with a log line, so the log is again a clean prefix of what was written.
/// </summary>
public static partial class WalReader
{
    public delegate void RecordHandler(WalRecordType type, ReadOnlySpan<byte> payload);

    /// <summary>Replays <paramref name="dir"/>; returns the index of the last segment (or -1 when there is none).</summary>
    public static int Replay(string dir, RecordHandler onRecord, ILogger logger)
    {
        int last = -1;
        int after = -1;
        if (WalFormat.LatestCheckpoint(dir) is { } checkpoint)
        {
            foreach (var (_, path) in WalFormat.ListSegments(checkpoint.Path))
                ReadSegment(path, onRecord, logger, repair: false);
            after = checkpoint.Index;
            last = checkpoint.Index;
        }
        List<(int Index, string Path)> segments = WalFormat.ListSegments(dir);
        for (int i = 0; i < segments.Count; i++)
        {
            var (index, path) = segments[i];
            if (index <= after) continue;   // covered by the checkpoint; deleted after it was written
            last = index;
            if (ReadSegment(path, onRecord, logger, repair: true)) continue;
            for (int j = i + 1; j < segments.Count; j++)
            {
                LogDeletingSegment(logger, segments[j].Path);
                File.Delete(segments[j].Path);
            }
            break;
        }
        return last;
    }

    /// <summary>Reads one file; returns false when it had to stop early at a bad record.</summary>
    private static bool ReadSegment(string path, RecordHandler onRecord, ILogger logger, bool repair)
    {
        using var file = new FileStream(path, FileMode.Open, repair ? FileAccess.ReadWrite : FileAccess.Read, FileShare.Read, 1 << 16);
        long length = file.Length;
        long offset = 0;
        Span<byte> header = stackalloc byte[WalFormat.HeaderSize];
        byte[] payload = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (offset < length)
            {
                string? problem = null;
                if (length - offset < WalFormat.HeaderSize) problem = "torn record header";
                else
                {
                    file.ReadExactly(header);
                    var type = (WalRecordType)header[0];
                    uint size = BinaryPrimitives.ReadUInt32LittleEndian(header[1..]);
                    uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
                    if (type is not (WalRecordType.Series or WalRecordType.Samples)) problem = $"unknown record type {(byte)type}";
                    else if (size > WalFormat.MaxPayload) problem = $"record length {size} exceeds the limit";
                    else if (length - offset - WalFormat.HeaderSize < size) problem = "torn record body";
                    else
                    {
                        if (payload.Length < size)
                        {
                            ArrayPool<byte>.Shared.Return(payload);
                            payload = ArrayPool<byte>.Shared.Rent((int)size);
                        }
                        Span<byte> body = payload.AsSpan(0, (int)size);
                        file.ReadExactly(body);
                        if (Crc32C.Compute(body) != crc) problem = "checksum mismatch";
                        else
                        {
                            onRecord(type, body);
                            offset += WalFormat.HeaderSize + size;
                            continue;
                        }
                    }
                }
                if (!repair) throw new InvalidDataException($"corrupt checkpoint segment {path} at offset {offset}: {problem}");
                LogTruncating(logger, path, offset, problem);
                file.SetLength(offset);
                file.Flush(flushToDisk: true);
                return false;
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WAL corruption in {Segment} at offset {Offset}: {Problem}; truncating the segment there")]
    private static partial void LogTruncating(ILogger logger, string segment, long offset, string? problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting WAL segment {Segment} written after a corrupt record")]
    private static partial void LogDeletingSegment(ILogger logger, string segment);
}
