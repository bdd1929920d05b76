using Metrics.Store.Abstractions;
using Metrics.Store.Samples;
using static Metrics.Store.Chunks.PackedEncoder;

namespace Metrics.Store.Chunks;

/// <summary>Decodes a <see cref="ChunkEncoding.Packed"/> payload sample by sample; <see cref="Reset"/> reuses it for another chunk.</summary>
/// <remarks>The timestamp and value sections are read by two cursors that advance together.</remarks>
public sealed class PackedIterator : ISampleIterator
{
    private ReadOnlyMemory<byte> _payload;
    private int _count;
    private int _read;
    private bool _exhausted;

    private TimestampMode _timestampMode;
    private PackedColumn _timestamps;
    private int _timestampBit;
    private long _t0;
    private long _interval;
    private long _t;

    private ValueMode _valueMode;
    private PackedColumn _values;
    private int _valueBit;
    private int _digits;
    private ulong _bits;      // XOR mode: the current value's bits
    private long _mantissa;   // integer mode: the current value times 10^digits
    private byte _leading;
    private byte _trailing;

    /// <summary>Creates an iterator over a payload in packed layout (no encoding byte).</summary>
    public PackedIterator(ReadOnlyMemory<byte> payload) => Reset(payload);

    /// <summary>Number of samples in the current payload.</summary>
    public int Count => _count;

    /// <summary>Points the iterator at another payload and rewinds it before the first sample.</summary>
    public void Reset(ReadOnlyMemory<byte> payload)
    {
        _payload = payload;
        _read = 0;
        _exhausted = false;
        var reader = new BitReader(payload.Span);
        ulong count = reader.ReadUVarint();
        if (count > int.MaxValue)
        {
            throw new InvalidDataException("Corrupt packed chunk sample count.");
        }
        _count = (int)count;
        if (_count == 0)
        {
            return;
        }
        ulong timestampBytes = reader.ReadUVarint();
        if (timestampBytes > (ulong)payload.Length)
        {
            throw new InvalidDataException("Corrupt packed chunk: timestamp section longer than the chunk.");
        }
        int valueStart = reader.BitPosition + ((int)timestampBytes * 8);
        _t0 = reader.ReadVarint();
        _t = _t0;
        if (_count >= 2)
        {
            _timestampMode = (TimestampMode)reader.ReadByte();
            if (_timestampMode > TimestampMode.Grid)
            {
                throw new InvalidDataException("Unknown packed timestamp mode.");
            }
            _interval = _timestampMode == TimestampMode.Grid ? reader.ReadVarint() : 0;
            _timestamps = PackedColumn.ReadHeader(ref reader);
        }
        _timestampBit = reader.BitPosition;

        reader = new BitReader(payload.Span, valueStart);
        byte mode = reader.ReadByte();
        _valueMode = (ValueMode)(mode & 3);
        _digits = mode >> 2;
        if (_valueMode > ValueMode.IntegerDelta || _digits > DecimalScale.MaxDigits)
        {
            throw new InvalidDataException("Unknown packed value mode.");
        }
        _leading = XorValueCodec.NoWindow;
        _trailing = 0;
        if (_valueMode == ValueMode.Xor)
        {
            _bits = reader.ReadBits(64);
        }
        else
        {
            _mantissa = reader.ReadVarint();
            if (_count >= 2)
            {
                _values = PackedColumn.ReadHeader(ref reader);
            }
        }
        _valueBit = reader.BitPosition;
    }

    public bool MoveNext()
    {
        if (_read >= _count)
        {
            _exhausted = true;
            return false;
        }
        // The first sample was decoded with the headers.
        if (_read > 0)
        {
            ReadOnlySpan<byte> payload = _payload.Span;
            var timestamps = new BitReader(payload, _timestampBit);
            long code = _timestamps.Read(ref timestamps);
            _t = unchecked(_timestampMode == TimestampMode.Grid ? _t0 + _read * _interval + code : _t + code);
            _timestampBit = timestamps.BitPosition;

            var values = new BitReader(payload, _valueBit);
            if (_valueMode == ValueMode.Xor)
            {
                _bits = XorValueCodec.Read(ref values, _bits, ref _leading, ref _trailing);
            }
            else
            {
                _mantissa = unchecked(_mantissa + _values.Read(ref values));
            }
            _valueBit = values.BitPosition;
        }
        _read++;
        return true;
    }

    public bool Seek(long timestampMs) => ChunkSeek.Forward(this, _exhausted, _read > 0, _t, timestampMs);

    public Sample At() => new(_t, _valueMode == ValueMode.Xor
        ? BitConverter.UInt64BitsToDouble(_bits)
        : DecimalScale.ToDouble(_mantissa, _digits));
}
