using System.Numerics;
using System.Runtime.CompilerServices;

namespace Metrics.Store.Chunks;

/// <summary>A frame-of-reference bit-packed integer column with patched exceptions (PFOR), the building block of <see cref="ChunkEncoding.Packed"/>.</summary>
/// <remarks>
/// A value v in [Min, Min + 2^Width - 1) is stored as v - Min in <see cref="Width"/> bits. When
/// <see cref="HasExceptions"/> is set, the all-ones code is an escape followed by 7 bits of length L
/// and L bits of zigzag(v - Min), so rare outliers on either side (a counter reset, a missed scrape)
/// do not widen every other code. Header: one byte (width | exceptions &lt;&lt; 7), then Min as a
/// zig-zag varint. Arithmetic wraps, so any int64 values round-trip.
/// </remarks>
internal readonly struct PackedColumn
{
    private const int LengthBits = 7;

    /// <summary>How many of the smallest values are tried as the base, so that a few low outliers can become exceptions.</summary>
    private const int BaseCandidates = 4;

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

    /// <summary>Chooses base and width to minimise the column's size and returns that size in bits, header included.</summary>
    public static PackedColumn Plan(ReadOnlySpan<long> values, out int costBits)
    {
        if (values.IsEmpty)
        {
            costBits = 0;
            return default;
        }
        Span<long> lowest = stackalloc long[BaseCandidates];
        int found = 0;
        foreach (long v in values)
        {
            // Insertion into a tiny ascending array of the smallest values seen.
            int at = found < BaseCandidates ? found++ : BaseCandidates;
            while (at > 0 && lowest[at - 1] > v)
            {
                if (at < BaseCandidates)
                {
                    lowest[at] = lowest[at - 1];
                }
                at--;
            }
            if (at < BaseCandidates)
            {
                lowest[at] = v;
            }
        }
        PackedColumn best = default;
        long bestCost = long.MaxValue;
        for (int k = 0; k < found; k++)
        {
            if (k > 0 && lowest[k] == lowest[k - 1])
            {
                continue;
            }
            PackedColumn candidate = PlanWidth(values, lowest[k], out long cost);
            if (cost < bestCost)
            {
                (best, bestCost) = (candidate, cost);
            }
        }
        costBits = best.ExactCost(values);
        return best;
    }

    /// <summary>Best width for a fixed base, from a histogram of offset lengths; the cost is an upper bound.</summary>
    private static PackedColumn PlanWidth(ReadOnlySpan<long> values, long min, out long bestCost)
    {
        // All-ones offsets are counted apart because they collide with the escape code.
        Span<int> lengths = stackalloc int[65];
        Span<int> allOnes = stackalloc int[65];
        lengths.Clear();
        allOnes.Clear();
        int maxLength = 0;
        int below = 0;
        long belowBits = 0;
        foreach (long v in values)
        {
            if (v < min)
            {
                below++;
                belowBits += LengthBits + ZigZagLength(unchecked(v - min));
                continue;
            }
            ulong offset = unchecked((ulong)(v - min));
            int length = 64 - BitOperations.LeadingZeroCount(offset);
            lengths[length]++;
            if (length is > 0 and < 64 && offset == (1UL << length) - 1)
            {
                allOnes[length]++;
            }
            maxLength = Math.Max(maxLength, length);
        }
        var best = new PackedColumn(maxLength, false, min);
        bestCost = below == 0 ? (long)values.Length * maxLength : long.MaxValue;
        // Payload of the exceptions longer than the candidate width; only 64-bit offsets exceed the widest candidate, 63.
        long escaped = lengths[64] * (LengthBits + 64L);
        for (int width = Math.Min(Math.Max(maxLength, 1), 63); width >= 1; width--)
        {
            long cost = ((long)values.Length * width) + belowBits + escaped + (allOnes[width] * (LengthBits + width + 1L));
            if (cost < bestCost)
            {
                (best, bestCost) = (new PackedColumn(width, true, min), cost);
            }
            escaped += lengths[width] * (LengthBits + width + 1L);
        }
        bestCost += 8 + VarintBits(min);
        return best;
    }

    /// <summary>Exact size of <paramref name="values"/> under this header, header included.</summary>
    public int ExactCost(ReadOnlySpan<long> values)
    {
        int bits = 8 + VarintBits(Min) + (values.Length * Width);
        if (HasExceptions)
        {
            foreach (long v in values)
            {
                if (v < Min || unchecked((ulong)(v - Min)) >= Escape)
                {
                    bits += LengthBits + ZigZagLength(unchecked(v - Min));
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
        if (!HasExceptions || (value >= Min && offset < Escape))
        {
            writer.WriteBits(offset, Width);
            return;
        }
        WriteException(writer, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Read(ref BitReader reader)
    {
        ulong code = reader.ReadBits(Width);
        if (HasExceptions && code == Escape)
        {
            return ReadException(ref reader);
        }
        return unchecked(Min + (long)code);
    }

    public static int VarintBits(long value) => UVarintBits(ZigZag(value));

    public static int UVarintBits(ulong value) => 8 * Math.Max(1, (64 - BitOperations.LeadingZeroCount(value) + 6) / 7);

    private static int ZigZagLength(long value) => 64 - BitOperations.LeadingZeroCount(ZigZag(value));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteException(BitWriter writer, long value)
    {
        ulong payload = ZigZag(unchecked(value - Min));
        int length = 64 - BitOperations.LeadingZeroCount(payload);
        writer.WriteBits(Escape, Width);
        writer.WriteBits((ulong)length, LengthBits);
        writer.WriteBits(payload, length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ReadException(ref BitReader reader)
    {
        int length = (int)reader.ReadBits(LengthBits);
        if (length > 64)
        {
            throw new InvalidDataException("Corrupt packed column exception.");
        }
        ulong payload = reader.ReadBits(length);
        return unchecked(Min + ((long)(payload >> 1) ^ -(long)(payload & 1)));
    }
}
