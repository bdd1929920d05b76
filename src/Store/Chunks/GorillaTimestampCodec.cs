using System.Runtime.CompilerServices;

namespace Metrics.Store.Chunks;

/// <summary>Prometheus's delta-of-delta timestamp buckets: '0', '10'+14, '110'+17, '1110'+20, '1111'+64 bits.</summary>
/// <remarks>
/// A bucket of n bits holds -(2^(n-1) - 1) .. 2^(n-1), Prometheus's slightly asymmetric range; the
/// reader maps raw values above 2^(n-1) to negatives. Arithmetic wraps, so any sequence of int64
/// timestamps round-trips even when the deltas overflow.
/// </remarks>
internal static class GorillaTimestampCodec
{
    /// <summary>Writes one delta of deltas.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(BitWriter writer, long dod)
    {
        if (dod == 0)
        {
            writer.WriteBits(0, 1);
        }
        else if (Fits(dod, 14))
        {
            writer.WriteBits((0b10UL << 14) | ((ulong)dod & 0x3FFF), 16);
        }
        else if (Fits(dod, 17))
        {
            writer.WriteBits((0b110UL << 17) | ((ulong)dod & 0x1FFFF), 20);
        }
        else if (Fits(dod, 20))
        {
            writer.WriteBits((0b1110UL << 20) | ((ulong)dod & 0xFFFFF), 24);
        }
        else
        {
            writer.WriteBits(0b1111, 4);
            writer.WriteBits((ulong)dod, 64);
        }
    }

    /// <summary>Reads one delta of deltas.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Read(ref BitReader reader)
    {
        // Peek the whole 4-bit prefix at once; a stream may end with fewer bits, which read as zero.
        ulong prefix = reader.PeekBits(4);
        int size;
        if (prefix < 0b1000)
        {
            reader.Skip(1);
            return 0;
        }
        if (prefix < 0b1100)
        {
            reader.Skip(2);
            size = 14;
        }
        else if (prefix < 0b1110)
        {
            reader.Skip(3);
            size = 17;
        }
        else if (prefix == 0b1110)
        {
            reader.Skip(4);
            size = 20;
        }
        else
        {
            reader.Skip(4);
            return (long)reader.ReadBits(64);
        }
        long raw = (long)reader.ReadBits(size);
        return raw > 1L << (size - 1) ? raw - (1L << size) : raw;
    }

    /// <summary>Bits <see cref="Write"/> spends on <paramref name="dod"/>.</summary>
    public static int Cost(long dod) =>
        dod == 0 ? 1 : Fits(dod, 14) ? 16 : Fits(dod, 17) ? 20 : Fits(dod, 20) ? 24 : 68;

    private static bool Fits(long x, int bits) => -((1L << (bits - 1)) - 1) <= x && x <= 1L << (bits - 1);
}
