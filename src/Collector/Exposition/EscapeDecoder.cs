using System.Buffers;
using System.Text;

namespace Metrics.Collector.Exposition;

/// <summary>Turns escaped label values and HELP docstrings into strings.</summary>
internal static class EscapeDecoder
{
    private const int StackLimit = 256;

    /// <summary>Decodes a label value whose escapes (<c>\\</c>, <c>\"</c>, <c>\n</c>) the scanner has already validated.</summary>
    public static string LabelValue(ReadOnlySpan<byte> raw, bool hasEscapes) =>
        hasEscapes ? Decode(raw, unescapeQuote: true) : Encoding.UTF8.GetString(raw);

    /// <summary>Decodes a HELP docstring: <c>\\</c> and <c>\n</c>; any other backslash, <c>\"</c> included, stays as written.</summary>
    /// <remarks>Prometheus's own scraper is this lenient with docstrings, and a HELP line never changes a sample.</remarks>
    public static string Help(ReadOnlySpan<byte> raw) =>
        raw.Contains((byte)'\\') ? Decode(raw, unescapeQuote: false) : Encoding.UTF8.GetString(raw);

    // The decoded form is never longer than the raw one.
    private static string Decode(ReadOnlySpan<byte> raw, bool unescapeQuote)
    {
        byte[]? rented = null;
        Span<byte> buffer = raw.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
            {
                byte next = raw[i + 1];
                if (next is (byte)'\\' or (byte)'n' || next == (byte)'"' && unescapeQuote)
                {
                    buffer[n++] = next == (byte)'n' ? (byte)'\n' : next;
                    i++;
                    continue;
                }
            }
            buffer[n++] = b;
        }
        string result = Encoding.UTF8.GetString(buffer[..n]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return result;
    }
}
