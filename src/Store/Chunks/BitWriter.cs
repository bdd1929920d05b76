using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Metrics.Store.Chunks;

/// <summary>Writes a most-significant-bit-first bit stream into a pooled buffer that grows on demand.</summary>
/// <remarks>
/// Invariant: every byte from the current byte index to the end of the buffer is zero, and at least
/// 8 bytes exist from the current byte index on. That lets a write OR a 64-bit big-endian window
/// into place without branching on byte boundaries.
/// </remarks>
public sealed class BitWriter : IDisposable
{
    private const int Slack = 8;
    private byte[] _buffer;
    private int _bitLength;

    public BitWriter(int initialCapacityBytes = 64)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacityBytes, 16) + Slack);
        Array.Clear(_buffer);
    }

    /// <summary>Number of bits written so far.</summary>
    public int BitLength => _bitLength;

    /// <summary>Number of bytes the written bits occupy; the last byte is zero-padded.</summary>
    public int ByteLength => (_bitLength + 7) >> 3;

    /// <summary>The written bytes; valid until the next write, <see cref="Reset"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, ByteLength);

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (0..64), high bit first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBits(ulong value, int count)
    {
        Debug.Assert((uint)count <= 64);
        if (count > 56)
        {
            // A 64-bit window holds at most 57 bits after a 7-bit misalignment; split long writes.
            WriteBits(value >> 32, count - 32);
            count = 32;
        }
        if (count == 0)
        {
            return;
        }
        value &= ulong.MaxValue >> (64 - count);
        int byteIndex = _bitLength >> 3;
        if (byteIndex + Slack > _buffer.Length)
        {
            Grow();
        }
        Span<byte> window = _buffer.AsSpan(byteIndex, 8);
        int shift = 64 - (_bitLength & 7) - count;
        BinaryPrimitives.WriteUInt64BigEndian(window, BinaryPrimitives.ReadUInt64BigEndian(window) | (value << shift));
        _bitLength += count;
    }

    /// <summary>Appends one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBit(bool bit) => WriteBits(bit ? 1UL : 0UL, 1);

    /// <summary>Appends eight bits.</summary>
    public void WriteByte(byte value) => WriteBits(value, 8);

    /// <summary>Appends whole bytes; a straight copy when the stream is at a byte boundary.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if ((_bitLength & 7) != 0)
        {
            foreach (byte b in bytes)
            {
                WriteBits(b, 8);
            }
            return;
        }
        int byteIndex = _bitLength >> 3;
        while (byteIndex + bytes.Length + Slack > _buffer.Length)
        {
            Grow();
        }
        bytes.CopyTo(_buffer.AsSpan(byteIndex));
        _bitLength += bytes.Length * 8;
    }

    /// <summary>Appends an unsigned LEB128 varint (the encoding of Go's binary.PutUvarint).</summary>
    public void WriteUVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteBits((value & 0x7F) | 0x80, 8);
            value >>= 7;
        }
        WriteBits(value, 8);
    }

    /// <summary>Appends a zig-zag signed varint (the encoding of Go's binary.PutVarint).</summary>
    public void WriteVarint(long value) => WriteUVarint((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Pads with zero bits up to the next byte boundary.</summary>
    public void AlignToByte() => _bitLength = (_bitLength + 7) & ~7;

    /// <summary>Overwrites two already written bytes at a byte offset, for headers patched after the fact.</summary>
    public void PatchUInt16BigEndian(int byteOffset, ushort value)
    {
        if ((uint)(byteOffset + 2) > (uint)ByteLength)
        {
            throw new ArgumentOutOfRangeException(nameof(byteOffset));
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(byteOffset, 2), value);
    }

    /// <summary>Copies the written bytes into a new array.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Forgets everything written but keeps the buffer.</summary>
    public void Reset()
    {
        // Only the written prefix can be dirty; clearing it restores the all-zero tail invariant.
        Array.Clear(_buffer, 0, Math.Min(ByteLength + Slack, _buffer.Length));
        _bitLength = 0;
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _bitLength = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        int used = ByteLength;
        _buffer.AsSpan(0, used).CopyTo(bigger);
        Array.Clear(bigger, used, bigger.Length - used);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
