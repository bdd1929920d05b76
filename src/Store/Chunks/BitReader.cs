using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Metrics.Store.Chunks;

/// <summary>Reads a most-significant-bit-first bit stream, as written by <see cref="BitWriter"/>.</summary>
/// <remarks>
/// Readers are cheap to construct, so iterators keep only a bit position between calls and build a
/// reader over their bytes on each step. Reading past the end throws <see cref="InvalidDataException"/>:
/// chunk headers bound every read, so an overrun means the bytes are corrupt.
/// </remarks>
public ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _bitPosition;

    public BitReader(ReadOnlySpan<byte> data, int bitPosition = 0)
    {
        _data = data;
        _bitPosition = bitPosition;
    }

    /// <summary>Index of the next bit to read.</summary>
    public readonly int BitPosition => _bitPosition;

    /// <summary>Bits left before the end of the data.</summary>
    public readonly long BitsRemaining => ((long)_data.Length << 3) - _bitPosition;

    /// <summary>Reads <paramref name="count"/> bits (0..64) as an unsigned number, first bit most significant.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadBits(int count)
    {
        Debug.Assert((uint)count <= 64);
        if (count > 56)
        {
            ulong high = ReadBits(count - 32);
            return (high << 32) | ReadBits(32);
        }
        if (count == 0)
        {
            return 0;
        }
        ulong window = PeekWindow(count);
        _bitPosition += count;
        return window >> (64 - count);
    }

    /// <summary>Reads one bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit() => ReadBits(1) != 0;

    /// <summary>Returns the next <paramref name="count"/> bits (1..56) without consuming them; bits past the end read as zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong PeekBits(int count)
    {
        Debug.Assert(count is >= 1 and <= 56);
        int byteIndex = _bitPosition >> 3;
        ulong word = byteIndex + 8 <= _data.Length
            ? BinaryPrimitives.ReadUInt64BigEndian(_data[byteIndex..])
            : ReadPaddedWord(byteIndex);
        return (word << (_bitPosition & 7)) >> (64 - count);
    }

    /// <summary>Consumes <paramref name="count"/> bits that were already inspected with <see cref="PeekBits"/>.</summary>
    public void Skip(int count)
    {
        if (count > BitsRemaining)
        {
            ThrowTruncated();
        }
        _bitPosition += count;
    }

    /// <summary>Reads eight bits.</summary>
    public byte ReadByte() => (byte)ReadBits(8);

    /// <summary>Reads an unsigned LEB128 varint.</summary>
    public ulong ReadUVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            ulong b = ReadBits(8);
            result |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        ThrowCorrupt("varint longer than 10 bytes");
        return 0;
    }

    /// <summary>Reads a zig-zag signed varint.</summary>
    public long ReadVarint()
    {
        ulong zigzag = ReadUVarint();
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }

    /// <summary>Skips to the next byte boundary.</summary>
    public void AlignToByte() => _bitPosition = (_bitPosition + 7) & ~7;

    /// <summary>The next 64 bits at or after the current byte, left-aligned so the current bit is the top bit, checked for <paramref name="count"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ulong PeekWindow(int count)
    {
        int byteIndex = _bitPosition >> 3;
        if (byteIndex + 8 <= _data.Length)
        {
            return BinaryPrimitives.ReadUInt64BigEndian(_data[byteIndex..]) << (_bitPosition & 7);
        }
        if (count > BitsRemaining)
        {
            ThrowTruncated();
        }
        return ReadPaddedWord(byteIndex) << (_bitPosition & 7);
    }

    /// <summary>The last few bytes of the data as a big-endian word padded with zero bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly ulong ReadPaddedWord(int byteIndex)
    {
        ulong word = 0;
        for (int i = 0; i < 8; i++)
        {
            word <<= 8;
            if (byteIndex + i < _data.Length)
            {
                word |= _data[byteIndex + i];
            }
        }
        return word;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTruncated() => throw new InvalidDataException("Chunk data ends in the middle of a sample.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowCorrupt(string what) => throw new InvalidDataException("Corrupt chunk data: " + what + ".");
}
