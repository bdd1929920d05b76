using System.Buffers;
using System.Buffers.Binary;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// The samples read from the durable buffer for one round of sending, and the buffer position
/// that becomes acknowledged once every one of them is delivered. Reused across rounds.
/// </summary>
public sealed class ShipmentRound : IDisposable
{
    private const int ShrinkAbove = 8 << 20;

    private byte[] _data = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _length;

    public List<BufferedSample> Samples { get; } = [];

    /// <summary>The position just after the last record of this round.</summary>
    public BufferPosition End { get; set; }

    public ReadOnlySpan<byte> Entry(BufferedSample sample) => _data.AsSpan(sample.Offset, sample.Length);

    public void Reset()
    {
        _length = 0;
        Samples.Clear();
        if (_data.Length > ShrinkAbove)
        {
            // A catch-up round after an outage can be large; do not keep that memory for the quiet rounds after it.
            ArrayPool<byte>.Shared.Return(_data);
            _data = ArrayPool<byte>.Shared.Rent(1 << 16);
            Samples.Capacity = 1024;
        }
    }

    /// <summary>Copies a verified record payload in and indexes its samples; false when its inner structure is inconsistent.</summary>
    public bool TryAddRecord(ReadOnlySpan<byte> payload)
    {
        EnsureRoom(payload.Length);
        int start = _length;
        int before = Samples.Count;
        payload.CopyTo(_data.AsSpan(start));
        int count = BufferFormat.SampleCount(payload);
        int at = BufferFormat.PayloadHeaderSize;
        for (int i = 0; i < count; i++)
        {
            if (payload.Length - at < BufferFormat.EntryHeaderSize) return Undo(before);
            ReadOnlySpan<byte> header = payload.Slice(at, BufferFormat.EntryHeaderSize);
            ulong hash = BinaryPrimitives.ReadUInt64LittleEndian(header);
            long ts = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            at += BufferFormat.EntryHeaderSize;
            if (length < 0 || payload.Length - at < length) return Undo(before);
            Samples.Add(new BufferedSample(start + at, length, hash, ts));
            at += length;
        }
        _length += payload.Length;
        return true;
    }

    private bool Undo(int count)
    {
        Samples.RemoveRange(count, Samples.Count - count);
        return false;
    }

    private void EnsureRoom(int extra)
    {
        if (_data.Length - _length >= extra) return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, _length + extra));
        _data.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_data);
        _data = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_data);
        _data = [];
    }
}
