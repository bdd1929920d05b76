using System.Buffers.Binary;
using System.Text;
using Metrics.Store.Labels;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// Writes one sample as the bytes of a remote-write 1.0 <c>WriteRequest.timeseries</c> field
/// (tag 1, length-delimited <c>TimeSeries{labels, samples}</c>), so a request body is just the
/// concatenation of buffered entries. Labels come from a <see cref="LabelSet"/>, which keeps
/// them sorted by name as the spec requires. External labels are merged in while writing
/// (a series' own label of the same name wins), so no merged label set is allocated per sample.
/// </summary>
public static class TimeSeriesEncoder
{
    private const byte FieldOneBytes = (1 << 3) | 2;   // field 1, wire type 2 (length-delimited)
    private const byte FieldTwoBytes = (2 << 3) | 2;   // field 2, wire type 2
    private const byte SampleValueTag = (1 << 3) | 1;  // Sample.value: field 1, wire type 1 (64-bit)
    private const byte SampleTimestampTag = 2 << 3;    // Sample.timestamp: field 2, wire type 0 (varint)

    /// <summary>The exact size of the entry <see cref="Write(Span{byte}, LabelSet, long, double)"/> produces.</summary>
    public static int Size(LabelSet labels, long timestampMs) => Size(labels, LabelSet.Empty, timestampMs);

    /// <summary>The exact size of the entry with <paramref name="external"/> merged in.</summary>
    public static int Size(LabelSet labels, LabelSet external, long timestampMs)
    {
        int body = LabelsSize(labels, external) + 1 + VarintSize((ulong)SampleSize(timestampMs)) + SampleSize(timestampMs);
        return 1 + VarintSize((ulong)body) + body;
    }

    /// <summary>Writes the entry into <paramref name="destination"/>, which must hold <see cref="Size(LabelSet, long)"/> bytes; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, LabelSet labels, long timestampMs, double value)
        => Write(destination, labels, LabelSet.Empty, timestampMs, value);

    /// <summary>Writes the entry with <paramref name="external"/> merged in, in name order.</summary>
    public static int Write(Span<byte> destination, LabelSet labels, LabelSet external, long timestampMs, double value)
    {
        int sampleSize = SampleSize(timestampMs);
        int body = LabelsSize(labels, external) + 1 + VarintSize((ulong)sampleSize) + sampleSize;
        int at = 0;
        destination[at++] = FieldOneBytes;
        at += WriteVarint(destination[at..], (ulong)body);
        var merge = new MergedLabels(labels.AsSpan(), external.AsSpan());
        while (merge.TryNext(out Label label))
        {
            int nameBytes = Encoding.UTF8.GetByteCount(label.Name);
            int valueBytes = Encoding.UTF8.GetByteCount(label.Value);
            destination[at++] = FieldOneBytes;
            at += WriteVarint(destination[at..], (ulong)LabelSize(nameBytes, valueBytes));
            destination[at++] = FieldOneBytes;
            at += WriteVarint(destination[at..], (ulong)nameBytes);
            at += Encoding.UTF8.GetBytes(label.Name, destination[at..]);
            destination[at++] = FieldTwoBytes;
            at += WriteVarint(destination[at..], (ulong)valueBytes);
            at += Encoding.UTF8.GetBytes(label.Value, destination[at..]);
        }
        destination[at++] = FieldTwoBytes;
        at += WriteVarint(destination[at..], (ulong)sampleSize);
        destination[at++] = SampleValueTag;
        // Bit-exact, so the staleness marker's NaN payload survives.
        BinaryPrimitives.WriteInt64LittleEndian(destination[at..], BitConverter.DoubleToInt64Bits(value));
        at += 8;
        destination[at++] = SampleTimestampTag;
        at += WriteVarint(destination[at..], (ulong)timestampMs);
        return at;
    }

    private static int LabelsSize(LabelSet labels, LabelSet external)
    {
        int size = 0;
        var merge = new MergedLabels(labels.AsSpan(), external.AsSpan());
        while (merge.TryNext(out Label label))
        {
            int inner = LabelSize(Encoding.UTF8.GetByteCount(label.Name), Encoding.UTF8.GetByteCount(label.Value));
            size += 1 + VarintSize((ulong)inner) + inner;
        }
        return size;
    }

    private static int LabelSize(int nameBytes, int valueBytes)
        => 1 + VarintSize((ulong)nameBytes) + nameBytes + 1 + VarintSize((ulong)valueBytes) + valueBytes;

    // Negative int64 varints take ten bytes in protobuf (two's complement, no zigzag).
    private static int SampleSize(long timestampMs) => 1 + 8 + 1 + VarintSize((ulong)timestampMs);

    private static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Walks two name-sorted label lists as one; on equal names only the series' own label is returned.</summary>
    private ref struct MergedLabels(ReadOnlySpan<Label> own, ReadOnlySpan<Label> external)
    {
        private ReadOnlySpan<Label> _own = own;
        private ReadOnlySpan<Label> _external = external;

        public bool TryNext(out Label label)
        {
            if (_own.IsEmpty && _external.IsEmpty)
            {
                label = default;
                return false;
            }
            int order = _own.IsEmpty ? 1 : _external.IsEmpty ? -1 : string.CompareOrdinal(_own[0].Name, _external[0].Name);
            if (order <= 0)
            {
                label = _own[0];
                _own = _own[1..];
                if (order == 0) _external = _external[1..];
                return true;
            }
            label = _external[0];
            _external = _external[1..];
            return true;
        }
    }
}
