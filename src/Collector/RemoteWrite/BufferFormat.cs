using System.Buffers.Binary;
using Metrics.Store.Wal;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// The on-disk layout of the remote-write buffer (docs/remote-write.md). A segment file (8-digit
/// name) is a run of records <c>length:u32le | crc32c(payload):u32le | payload</c>; a payload is
/// <c>samples:u32le</c> then per sample <c>seriesHash:u64le | timestampMs:i64le | length:u32le |
/// entry</c>, where entry is the sample's protobuf <c>WriteRequest.timeseries</c> field, ready to
/// send. The file <c>ack</c> holds the position up to which the receiver acknowledged:
/// <c>segment:i32le | offset:i64le | crc32c(first 12 bytes):u32le</c>.
/// </summary>
public static class BufferFormat
{
    public const int RecordHeaderSize = 8;
    public const int PayloadHeaderSize = 4;
    public const int EntryHeaderSize = 20;
    public const int AckSize = 16;

    /// <summary>Anything larger is treated as corruption, not allocated.</summary>
    public const int MaxRecordPayload = 256 << 20;

    public const string AckFile = "ack";

    public static void WriteRecordHeader(Span<byte> header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C.Compute(payload));
    }

    public static int SampleCount(ReadOnlySpan<byte> payload) => (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);

    public static void WriteAck(Span<byte> destination, BufferPosition position)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, position.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], position.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Crc32C.Compute(destination[..12]));
    }

    public static bool TryReadAck(ReadOnlySpan<byte> source, out BufferPosition position)
    {
        position = default;
        if (source.Length != AckSize || Crc32C.Compute(source[..12]) != BinaryPrimitives.ReadUInt32LittleEndian(source[12..])) return false;
        position = new BufferPosition(BinaryPrimitives.ReadInt32LittleEndian(source), BinaryPrimitives.ReadInt64LittleEndian(source[4..]));
        return position.Segment >= 0 && position.Offset >= 0;
    }
}
