using System.Buffers;
using System.Text;

namespace Metrics.Store.Wal;

/// <summary>Varint and string encoding shared by WAL records and their decoder.</summary>
public static class WalVarint
{
    public static void WriteUVarint(IBufferWriter<byte> w, ulong value)
    {
        Span<byte> span = w.GetSpan(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        w.Advance(i);
    }

    public static void WriteVarint(IBufferWriter<byte> w, long value) => WriteUVarint(w, (ulong)((value << 1) ^ (value >> 63)));

    public static void WriteString(IBufferWriter<byte> w, string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        Span<byte> span = w.GetSpan(max + 10);
        int n = Encoding.UTF8.GetBytes(s, span[10..]);
        // Write the length in front, then move the bytes next to it.
        int lenBytes = 0;
        ulong len = (ulong)n;
        Span<byte> prefix = stackalloc byte[10];
        while (len >= 0x80)
        {
            prefix[lenBytes++] = (byte)(len | 0x80);
            len >>= 7;
        }
        prefix[lenBytes++] = (byte)len;
        span.Slice(10, n).CopyTo(span[lenBytes..]);
        prefix[..lenBytes].CopyTo(span);
        w.Advance(lenBytes + n);
    }

    /// <summary>Reads a uvarint; false when the input ends first or the value overflows 64 bits.</summary>
    public static bool TryReadUVarint(ref ReadOnlySpan<byte> input, out ulong value)
    {
        value = 0;
        int shift = 0;
        for (int i = 0; i < input.Length && i < 10; i++)
        {
            byte b = input[i];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                input = input[(i + 1)..];
                return true;
            }
            shift += 7;
        }
        return false;
    }

    public static bool TryReadVarint(ref ReadOnlySpan<byte> input, out long value)
    {
        bool ok = TryReadUVarint(ref input, out ulong u);
        value = (long)(u >> 1) ^ -(long)(u & 1);
        return ok;
    }

    public static bool TryReadString(ref ReadOnlySpan<byte> input, out string value)
    {
        value = "";
        if (!TryReadUVarint(ref input, out ulong len) || len > (ulong)input.Length) return false;
        value = Encoding.UTF8.GetString(input[..(int)len]);
        input = input[(int)len..];
        return true;
    }
}
