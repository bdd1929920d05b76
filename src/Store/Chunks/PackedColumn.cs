using System.Numerics;
using System.Runtime.CompilerServices;

namespace Metrics.Store.Chunks;

/// <summary>A frame-of-reference bit-packed integer column with patched exceptions (PFOR), the building block of <see cref="ChunkEncoding.Packed"/>.</summary>
/// <remarks>
/// Every value is stored as <c>value - Min</c> in <see cref="Width"/> bits. When
/// <see cref="HasExceptions"/> is set, the all-ones code is an escape: it is followed by 7 bits of
/// length L and L more bits that are added to it, so a rare outlier (a counter reset, a missed
/// scrape) does not widen every other code. Header: one byte (width | exceptions &lt;&lt; 7), then
/// Min as a zig-zag varint. Arithmetic wraps, so any int64 values round-trip.
/// </remarks>
internal readonly struct PackedColumn
{
    private const int LengthBits = 7;

    public PackedColumn(int width, bool hasExceptions, long min)
    {
        Width = width;
        HasExceptions = hasExceptions;
        Min = min;
    }

    public int Width { get; }

    public bool HasExceptions { get; }

    public long Min { get; }

    /// <summary>The all-ones code that announces an exception; meaningful only when <see cref="HasExceptions"/>.</summary>
    private ulong Escape => (1UL << Width) - 1;

    /// <summary>Chooses the width that minimises the column's size and returns that size in bits, header included.</summary>
    public static PackedColumn Plan(ReadOnlySpan<long> values, out int costBits)
    {
        if (values.IsEmpty)
        {
            costBits = 0;
            return default;
        }
        long min = values[0];
        foreach (long v in values)
        {
            min = Math.Min(min, v);
        }
        // Histogram of offset bit lengths; all-ones offsets are counted apart because they collide with the escape code.
        Span<int> lengths = stackalloc int[65];
        Span<int> allOnes = stackalloc int[65];
        lengths.Clear();
        allOnes.Clear();
        int maxLength = 0;
        foreach (long v in values)
        {
            ulong offset = unchecked((ulong)(v - min));
            int length = 64 - BitOperations.LeadingZeroCount(offset);
            lengths[length]++;
            if (length > 0 && length < 64 && offset == (1UL << length) - 1)
            {
                allOnes[length]++;
            }
            maxLength = Math.Max(maxLength, length);
        }
        int bestWidth = maxLength;
        bool bestExceptions = false;
        long bestCost = (long)values.Length * maxLength;
        int escaped = 0; // exception payload bits for offsets longer than the candidate width (an upper bound)
        for (int width = maxLength - 1; width >= 1; width--)
        {
            escaped += lengths[width + 1] * (LengthBits + width + 1);
            long cost = (long)values.Length * width + escaped + allOnes[width] * LengthBits;
            if (cost < bestCost)
            {
                (bestWidth, bestExceptions, bestCost) = (width, true, cost);
            }
        }
        var column = new PackedColumn(bestWidth, bestExceptions, min);
        costBits = column.ExactCost(values);
        return column;
    }

    /// <summary>Exact size of <paramref name="values"/> under this header, header included.</summary>
    public int ExactCost(ReadOnlySpan<long> values)
    {
        int bits = 8 + VarintBits(Min) + values.Length * Width;
        if (HasExceptions)
        {
            ulong escape = Escape;
            foreach (long v in values)
            {
                ulong offset = unchecked((ulong)(v - Min));
                if (offset >= escape)
                {
                    bits += LengthBits + 64 - BitOperations.LeadingZeroCount(offset - escape);
                }
            }
        }
        return bits;
    }

    public void WriteHeader(BitWriter writer)
    {
        writer.WriteByte((byte)(Width | (HasExceptions ? 0x80 : 0)));
        writer.WriteVarint(Min);
    }

    public static PackedColumn ReadHeader(ref BitReader reader)
    {
        byte header = reader.ReadByte();
        int width = header & 0x7F;
        bool hasExceptions = (header & 0x80) != 0;
        if (width > 64 || (hasExceptions && (width is 0 or 64)))
        {
            throw new InvalidDataException("Corrupt packed column header.");
        }
        return new PackedColumn(width, hasExceptions, reader.ReadVarint());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(BitWriter writer, long value)
    {
        ulong offset = unchecked((ulong)(value - Min));
        if (!HasExceptions || offset < Escape)
        {
            writer.WriteBits(offset, Width);
            return;
        }
        WriteException(writer, offset - Escape);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Read(ref BitReader reader)
    {
        ulong code = reader.ReadBits(Width);
        if (HasExceptions && code == Escape)
        {
            code += ReadException(ref reader);
        }
        return unchecked(Min + (long)code);
    }

    public static int VarintBits(long value) => UVarintBits((ulong)((value << 1) ^ (value >> 63)));

    public static int UVarintBits(ulong value) => 8 * Math.Max(1, (64 - BitOperations.LeadingZeroCount(value) + 6) / 7);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteException(BitWriter writer, ulong excess)
    {
        int length = 64 - BitOperations.LeadingZeroCount(excess);
        writer.WriteBits(Escape, Width);
        writer.WriteBits((ulong)length, LengthBits);
        writer.WriteBits(excess, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong ReadException(ref BitReader reader)
    {
        int length = (int)reader.ReadBits(LengthBits);
        if (length > 64)
        {
            throw new InvalidDataException("Corrupt packed column exception.");
        }
        return reader.ReadBits(length);
    }
}
