using System.Globalization;

namespace Metrics.Alerting.Manager;

/// <summary>Timestamps as Go's RFC3339Nano writes them (what Alertmanager's JSON carries): UTC, trailing zeros of the fraction dropped.</summary>
public static class GoTime
{
    public static string Format(DateTimeOffset t)
    {
        if (t == default) return "0001-01-01T00:00:00Z";
        string s = t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return s + "Z";
    }

    /// <summary>The API v2 form (go-openapi's strfmt.DateTime): always three fraction digits, <c>2026-03-01T12:00:00.000Z</c>.</summary>
    public static string FormatMillis(DateTimeOffset t)
        => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture) + "Z";

    /// <summary>
    /// Parses UTF-8 RFC 3339 as senders write it (<c>2026-03-01T12:00:00.123Z</c>, or an offset) without making a
    /// string; any other form goes to <see cref="TryParse(string?, out DateTimeOffset)"/>, so both accept the same texts.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
        => TryParseCommon(utf8, out value) || TryParse(System.Text.Encoding.UTF8.GetString(utf8), out value);

    private static bool TryParseCommon(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        int i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            int start = ++i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
            int digits = i - start;
            if (digits is 0 or > 7) return false; // finer than a tick: the general parser decides
            Digits(s, start, digits, out int fraction);
            fractionTicks = fraction * Pow10[7 - digits];
        }
        TimeSpan offset;
        if (i == s.Length - 1 && (s[i] == 'Z' || s[i] == 'z')) offset = TimeSpan.Zero;
        else if (i == s.Length - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':'
                 && Digits(s, i + 1, 2, out int oh) && Digits(s, i + 4, 2, out int om) && oh <= 23 && om <= 59)
            offset = new TimeSpan(s[i] == '-' ? -oh : oh, s[i] == '-' ? -om : om, 0);
        else return false;
        long utcTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks - offset.Ticks;
        if (utcTicks < 0 || utcTicks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    /// <summary>Parses RFC 3339; false on anything else.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
