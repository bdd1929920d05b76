using System.Security.Cryptography;

namespace Metrics.Store.Blocks;

/// <summary>ULIDs name blocks as in Prometheus: 48-bit milliseconds then 80 random bits, Crockford base32, sortable by time.</summary>
public static class Ulid
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(DateTimeOffset time)
    {
        Span<byte> bytes = stackalloc byte[16];
        long ms = time.ToUnixTimeMilliseconds();
        for (int i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)ms;
            ms >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        // 128 bits as 26 base32 digits (the first digit carries 3 bits).
        Span<char> chars = stackalloc char[26];
        UInt128 value = 0;
        foreach (byte b in bytes) value = (value << 8) | b;
        for (int i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }

    public static bool IsValid(string name) => name.Length == 26 && name.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
