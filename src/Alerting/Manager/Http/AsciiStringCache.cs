using System.Buffers.Binary;
using System.Text;

namespace Metrics.Alerting.Manager.Http;

/// <summary>
/// Turns short UTF-8 texts into strings, reusing the string made last time the same ASCII text came by.
/// Posted alerts repeat most label names and values (alertname, job, severity, ...) in every batch, so the
/// stored alerts share one string per text and parsing allocates only for the texts that are new.
/// Direct-mapped and per thread: a lookup is one hash and one compare, with no lock; a collision just
/// replaces the slot, so the cache never grows.
/// </summary>
internal sealed class AsciiStringCache
{
    /// <summary>Longer texts (URLs, summaries) rarely repeat; hashing them would cost more than it saves.</summary>
    public const int MaxLength = 64;

    private const int Slots = 4096;

    [ThreadStatic]
    private static AsciiStringCache? t_current;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>The calling thread's cache.</summary>
    public static AsciiStringCache Current => t_current ??= new AsciiStringCache();

    /// <summary>The string for <paramref name="utf8"/>; throws <see cref="DecoderFallbackException"/> on invalid UTF-8.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == 0) return "";
        if (utf8.Length > MaxLength) return StrictUtf8.GetString(utf8);
        ref string? slot = ref _slots[Hash(utf8) & (Slots - 1)];
        string? cached = slot;
        // Ascii.Equals is false for any non-ASCII byte, so such texts are decoded every time (and stay correct).
        if (cached is not null && Ascii.Equals(utf8, cached)) return cached;
        string text = StrictUtf8.GetString(utf8);
        slot = text;
        return text;
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        // Only the slot index depends on it: mix eight bytes at a time, then the tail, then the length.
        ulong hash = 0x9E3779B97F4A7C15UL;
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])) * 0xFF51AFD7ED558CCDUL;
        ulong tail = (ulong)bytes.Length << 56;
        for (int shift = 0; i < bytes.Length; i++, shift += 8) tail |= (ulong)bytes[i] << shift;
        hash = (hash ^ tail) * 0xFF51AFD7ED558CCDUL;
        return (int)(hash >> 32);
    }
}
