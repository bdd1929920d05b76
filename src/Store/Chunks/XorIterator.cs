using Metrics.Store.Abstractions;
using Metrics.Store.Samples;

namespace Metrics.Store.Chunks;

/// <summary>Decodes an <see cref="ChunkEncoding.Xor"/> chunk payload sample by sample; <see cref="Reset"/> reuses it for another chunk.</summary>
public sealed class XorIterator : ISampleIterator
{
    private ReadOnlyMemory<byte> _payload;
    private int _count;
    private int _read;
    private bool _exhausted;
    private int _bitPosition;
    private long _t;
    private ulong _tDelta;
    private ulong _v;
    private byte _leading;
    private byte _trailing;

    /// <summary>Creates an iterator over a payload in XOR layout (sample count header first, no encoding byte).</summary>
    public XorIterator(ReadOnlyMemory<byte> payload) => Reset(payload);

    /// <summary>Points the iterator at another payload and rewinds it before the first sample.</summary>
    public void Reset(ReadOnlyMemory<byte> payload)
    {
        _payload = payload;
        _count = XorAppender.ReadCount(payload.Span);
        _read = 0;
        _exhausted = false;
        _bitPosition = 16;
        _t = 0;
        _tDelta = 0;
        _v = 0;
        _leading = XorValueCodec.NoWindow;
        _trailing = 0;
    }

    public bool MoveNext()
    {
        if (_read >= _count)
        {
            _exhausted = true;
            return false;
        }
        var reader = new BitReader(_payload.Span, _bitPosition);
        switch (_read)
        {
            case 0:
                _t = reader.ReadVarint();
                _v = reader.ReadBits(64);
                break;
            case 1:
                _tDelta = reader.ReadUVarint();
                _t = unchecked(_t + (long)_tDelta);
                _v = XorValueCodec.Read(ref reader, _v, ref _leading, ref _trailing);
                break;
            default:
                _tDelta = unchecked(_tDelta + (ulong)GorillaTimestampCodec.Read(ref reader));
                _t = unchecked(_t + (long)_tDelta);
                _v = XorValueCodec.Read(ref reader, _v, ref _leading, ref _trailing);
                break;
        }
        _bitPosition = reader.BitPosition;
        _read++;
        return true;
    }

    public bool Seek(long timestampMs) => ChunkSeek.Forward(this, _exhausted, _read > 0, _t, timestampMs);

    public Sample At() => new(_t, BitConverter.UInt64BitsToDouble(_v));
}
