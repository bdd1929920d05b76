using System.Numerics;
using System.Runtime.CompilerServices;

namespace Metrics.Store.Chunks;

/// <summary>Gorilla value compression exactly as Prometheus writes it: XOR with the previous bits, then a leading/trailing-zero window.</summary>
internal static class XorValueCodec
{
    /// <summary>The window state before the second value: no window yet.</summary>
    public const byte NoWindow = 0xFF;

    /// <summary>Writes the XOR of <paramref name="value"/> and <paramref name="previous"/>, updating the window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(BitWriter writer, ulong value, ulong previous, ref byte leading, ref byte trailing)
    {
        ulong delta = value ^ previous;
        if (delta == 0)
        {
            writer.WriteBits(0, 1);
            return;
        }
        int newLeading = BitOperations.LeadingZeroCount(delta);
        int newTrailing = BitOperations.TrailingZeroCount(delta);
        if (newLeading >= 32)
        {
            newLeading = 31; // The leading count has 5 bits on the wire.
        }
        if (leading != NoWindow && newLeading >= leading && newTrailing >= trailing)
        {
            // '10': the old window still covers every changed bit.
            writer.WriteBits(0b10, 2);
            writer.WriteBits(delta >> trailing, 64 - leading - trailing);
            return;
        }
        leading = (byte)newLeading;
        trailing = (byte)newTrailing;
        int significant = 64 - newLeading - newTrailing;
        // '11' + 5 bits leading + 6 bits length; a length of 64 is written as 0, which is otherwise impossible.
        writer.WriteBits((0b11UL << 11) | ((ulong)newLeading << 6) | ((ulong)significant & 63), 13);
        writer.WriteBits(delta >> newTrailing, significant);
    }

    /// <summary>Reads one XOR-coded value on top of <paramref name="previous"/>, updating the window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Read(ref BitReader reader, ulong previous, ref byte leading, ref byte trailing)
    {
        ulong control = reader.PeekBits(2);
        if (control < 0b10)
        {
            reader.Skip(1);
            return previous;
        }
        int significant;
        if (control == 0b10)
        {
            if (leading == NoWindow)
            {
                ThrowBadWindow(); // reusing a window before any was set: corrupt
            }
            reader.Skip(2);
            significant = 64 - leading - trailing;
        }
        else
        {
            ulong header = reader.ReadBits(13);
            leading = (byte)((header >> 6) & 31);
            significant = (int)(header & 63);
            if (significant == 0)
            {
                significant = 64;
            }
            if (leading + significant > 64)
            {
                ThrowBadWindow();
            }
            trailing = (byte)(64 - leading - significant);
        }
        return previous ^ (reader.ReadBits(significant) << trailing);
    }

    /// <summary>Counts the bits <see cref="Write"/> would emit, without writing.</summary>
    public static int Cost(ulong value, ulong previous, ref byte leading, ref byte trailing)
    {
        ulong delta = value ^ previous;
        if (delta == 0)
        {
            return 1;
        }
        int newLeading = Math.Min(BitOperations.LeadingZeroCount(delta), 31);
        int newTrailing = BitOperations.TrailingZeroCount(delta);
        if (leading != NoWindow && newLeading >= leading && newTrailing >= trailing)
        {
            return 2 + 64 - leading - trailing;
        }
        leading = (byte)newLeading;
        trailing = (byte)newTrailing;
        return 13 + 64 - newLeading - newTrailing;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowBadWindow() => throw new InvalidDataException("Corrupt XOR value window.");
}
