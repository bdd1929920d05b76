using System.Buffers;
using Metrics.Store.Samples;

namespace Metrics.Store.Chunks;

/// <summary>Writes <see cref="ChunkEncoding.Packed"/> payloads, choosing the cheapest timestamp and value mode for each chunk.</summary>
/// <remarks>
/// The payload is columnar: a byte-aligned timestamp section followed by a value section.
/// <code>
/// uvarint n                                   sample count; nothing follows when 0
/// uvarint tsBytes                             length of the timestamp section
/// timestamp section (tsBytes bytes):
///   varint t0
///   n >= 2: byte mode (0 delta, 1 grid); grid: varint interval I;
///           PackedColumn of n-1 codes: delta t[i]-t[i-1], or grid t[i]-t0-i*I
///   zero bits up to a byte boundary
/// value section:
///   byte mode | digits &lt;&lt; 2: mode 0 XOR, 1 integer delta (2 and 3 reserved);
///   XOR:    64-bit first value, then n-1 Prometheus XOR codes
///   delta:  varint m0, then (n >= 2) PackedColumn of n-1 deltas of m, where value = m / 10^digits
/// </code>
/// A delta-of-delta value mode was tried and dropped: on the shared dataset it saved 0.2%.
/// Keeping the timestamp section whole and byte-aligned means the chunks of all series of one
/// target, which share scrape timestamps, carry identical bytes there, which block compression
/// can fold.
/// </remarks>
internal static class PackedEncoder
{
    public enum TimestampMode : byte
    {
        Delta = 0,
        Grid = 1,
    }

    public enum ValueMode : byte
    {
        Xor = 0,
        IntegerDelta = 1,
    }

    public static void Encode(ReadOnlySpan<Sample> samples, BitWriter writer, PackedFeatures features)
    {
        int n = samples.Length;
        writer.WriteUVarint((ulong)n);
        if (n == 0)
        {
            return;
        }
        long[] rented = ArrayPool<long>.Shared.Rent(3 * n);
        try
        {
            Span<long> scratch = rented.AsSpan(0, 3 * n);
            WriteTimestamps(samples, writer, features, scratch);
            WriteValues(samples, writer, features, scratch);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(rented);
        }
    }

    private static void WriteTimestamps(ReadOnlySpan<Sample> samples, BitWriter writer, PackedFeatures features, Span<long> scratch)
    {
        int n = samples.Length;
        long t0 = samples[0].TimestampMs;
        Span<long> deltas = scratch.Slice(0, n - 1);
        Span<long> grid = scratch.Slice(n, n - 1);
        for (int i = 1; i < n; i++)
        {
            deltas[i - 1] = unchecked(samples[i].TimestampMs - samples[i - 1].TimestampMs);
        }
        var mode = TimestampMode.Delta;
        PackedColumn column = PackedColumn.Plan(deltas, out int cost);
        long interval = 0;
        if ((features & PackedFeatures.GridTimestamps) != 0 && n >= 3)
        {
            // The median interval is robust to a missed scrape; jitter then leaves offsets of a few ms.
            Span<long> sorted = scratch.Slice(2 * n, n - 1);
            deltas.CopyTo(sorted);
            sorted.Sort();
            long median = sorted[(n - 1) / 2];
            for (int i = 1; i < n; i++)
            {
                grid[i - 1] = unchecked(samples[i].TimestampMs - t0 - i * median);
            }
            PackedColumn gridColumn = PackedColumn.Plan(grid, out int gridCost);
            gridCost += PackedColumn.VarintBits(median);
            if (gridCost < cost)
            {
                (mode, column, cost, interval) = (TimestampMode.Grid, gridColumn, gridCost, median);
            }
        }
        int bits = PackedColumn.VarintBits(t0) + (n >= 2 ? 8 + cost : 0);
        int bytes = (bits + 7) >> 3;
        writer.WriteUVarint((ulong)bytes);
        int start = writer.BitLength;
        writer.WriteVarint(t0);
        if (n >= 2)
        {
            writer.WriteByte((byte)mode);
            if (mode == TimestampMode.Grid)
            {
                writer.WriteVarint(interval);
            }
            column.WriteHeader(writer);
            foreach (long code in mode == TimestampMode.Grid ? grid : deltas)
            {
                column.Write(writer, code);
            }
        }
        writer.AlignToByte();
        if (writer.BitLength - start != bytes * 8)
        {
            throw new InvalidOperationException("Packed timestamp section size estimate was wrong; this is a bug.");
        }
    }

    private static void WriteValues(ReadOnlySpan<Sample> samples, BitWriter writer, PackedFeatures features, Span<long> scratch)
    {
        int n = samples.Length;
        Span<long> mantissas = scratch.Slice(0, n);
        Span<long> deltas = scratch.Slice(n, n - 1);
        int xorCost = XorCost(samples);
        int maxDigits = (features & PackedFeatures.DecimalValues) != 0 ? DecimalScale.MaxDigits : 0;
        if ((features & PackedFeatures.IntegerValues) != 0 && DecimalScale.TryFind(samples, maxDigits, mantissas, out int digits))
        {
            for (int i = 1; i < n; i++)
            {
                deltas[i - 1] = mantissas[i] - mantissas[i - 1];
            }
            PackedColumn deltaColumn = PackedColumn.Plan(deltas, out int deltaCost);
            deltaCost += PackedColumn.VarintBits(mantissas[0]);
            if (deltaCost < xorCost)
            {
                writer.WriteByte((byte)((byte)ValueMode.IntegerDelta | (digits << 2)));
                writer.WriteVarint(mantissas[0]);
                if (n >= 2)
                {
                    WriteColumn(writer, deltaColumn, deltas);
                }
                return;
            }
        }
        writer.WriteByte((byte)ValueMode.Xor);
        WriteXor(samples, writer);
    }

    private static void WriteColumn(BitWriter writer, PackedColumn column, ReadOnlySpan<long> values)
    {
        column.WriteHeader(writer);
        foreach (long value in values)
        {
            column.Write(writer, value);
        }
    }

    private static void WriteXor(ReadOnlySpan<Sample> samples, BitWriter writer)
    {
        ulong previous = BitConverter.DoubleToUInt64Bits(samples[0].Value);
        writer.WriteBits(previous, 64);
        byte leading = XorValueCodec.NoWindow, trailing = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            ulong bits = BitConverter.DoubleToUInt64Bits(samples[i].Value);
            XorValueCodec.Write(writer, bits, previous, ref leading, ref trailing);
            previous = bits;
        }
    }

    private static int XorCost(ReadOnlySpan<Sample> samples)
    {
        ulong previous = BitConverter.DoubleToUInt64Bits(samples[0].Value);
        int bits = 64;
        byte leading = XorValueCodec.NoWindow, trailing = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            ulong current = BitConverter.DoubleToUInt64Bits(samples[i].Value);
            bits += XorValueCodec.Cost(current, previous, ref leading, ref trailing);
            previous = current;
        }
        return bits;
    }
}
