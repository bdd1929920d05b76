using System.Buffers.Binary;
using Metrics.Store.Samples;

namespace Metrics.Store.Chunks;

/// <summary>Appends samples to a Prometheus-compatible XOR chunk, one at a time and without per-sample allocation.</summary>
/// <remarks>
/// The layout is Prometheus's: a big-endian uint16 sample count, then the first timestamp as a
/// varint and the first value as 64 raw bits, the second timestamp as a uvarint delta, then
/// delta-of-delta timestamps (<see cref="GorillaTimestampCodec"/>) and XOR values
/// (<see cref="XorValueCodec"/>), interleaved per sample. Timestamps are not checked for order:
/// any int64 sequence round-trips, ordering is the caller's contract.
/// </remarks>
public sealed class XorAppender : IDisposable
{
    /// <summary>The count header is 16 bits wide.</summary>
    public const int MaxSamples = ushort.MaxValue;

    private readonly BitWriter _writer;
    private int _count;
    private long _t;
    private ulong _tDelta;
    private ulong _v;
    private byte _leading = XorValueCodec.NoWindow;
    private byte _trailing;

    public XorAppender(int initialCapacityBytes = 128)
    {
        _writer = new BitWriter(initialCapacityBytes);
        _writer.WriteBits(0, 16);
    }

    /// <summary>Number of samples appended.</summary>
    public int Count => _count;

    /// <summary>The chunk so far in <see cref="ChunkEncoding.Xor"/> layout; valid until the next append or reset.</summary>
    public ReadOnlySpan<byte> Bytes => _writer.WrittenSpan;

    /// <summary>Appends one sample.</summary>
    public void Append(long timestampMs, double value)
    {
        if (_count == MaxSamples)
        {
            throw new InvalidOperationException($"An XOR chunk holds at most {MaxSamples} samples.");
        }
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        switch (_count)
        {
            case 0:
                _writer.WriteVarint(timestampMs);
                _writer.WriteBits(bits, 64);
                break;
            case 1:
                _tDelta = unchecked((ulong)(timestampMs - _t));
                _writer.WriteUVarint(_tDelta);
                XorValueCodec.Write(_writer, bits, _v, ref _leading, ref _trailing);
                break;
            default:
                ulong tDelta = unchecked((ulong)(timestampMs - _t));
                GorillaTimestampCodec.Write(_writer, unchecked((long)(tDelta - _tDelta)));
                XorValueCodec.Write(_writer, bits, _v, ref _leading, ref _trailing);
                _tDelta = tDelta;
                break;
        }
        _t = timestampMs;
        _v = bits;
        _count++;
        _writer.PatchUInt16BigEndian(0, (ushort)_count);
    }

    /// <summary>Copies the chunk so far into a new array.</summary>
    public byte[] ToArray() => _writer.ToArray();

    /// <summary>Starts a new, empty chunk, keeping the buffer.</summary>
    public void Reset()
    {
        _writer.Reset();
        _writer.WriteBits(0, 16);
        _count = 0;
        _t = 0;
        _tDelta = 0;
        _v = 0;
        _leading = XorValueCodec.NoWindow;
        _trailing = 0;
    }

    /// <summary>Encodes a whole span of samples into <paramref name="writer"/> (which must be empty) in XOR layout.</summary>
    internal static void Encode(ReadOnlySpan<Sample> samples, BitWriter writer)
    {
        if (samples.Length > MaxSamples)
        {
            throw new ArgumentException($"An XOR chunk holds at most {MaxSamples} samples.", nameof(samples));
        }
        writer.WriteBits((ulong)samples.Length, 16);
        if (samples.IsEmpty)
        {
            return;
        }
        long t = samples[0].TimestampMs;
        ulong v = BitConverter.DoubleToUInt64Bits(samples[0].Value);
        writer.WriteVarint(t);
        writer.WriteBits(v, 64);
        ulong tDelta = 0;
        byte leading = XorValueCodec.NoWindow, trailing = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            ulong nextDelta = unchecked((ulong)(samples[i].TimestampMs - t));
            if (i == 1)
            {
                writer.WriteUVarint(nextDelta);
            }
            else
            {
                GorillaTimestampCodec.Write(writer, unchecked((long)(nextDelta - tDelta)));
            }
            ulong bits = BitConverter.DoubleToUInt64Bits(samples[i].Value);
            XorValueCodec.Write(writer, bits, v, ref leading, ref trailing);
            t = samples[i].TimestampMs;
            tDelta = nextDelta;
            v = bits;
        }
    }

    public void Dispose() => _writer.Dispose();

    internal static int ReadCount(ReadOnlySpan<byte> payload) =>
        payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : throw new InvalidDataException("XOR chunk shorter than its header.");
}
