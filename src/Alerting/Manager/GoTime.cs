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

    /// <summary>Parses RFC 3339; false on anything else.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
        => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
