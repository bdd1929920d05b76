using System.Globalization;

namespace Metrics.Collector.Http;

/// <summary>Times as Go's encoding/json writes a <c>time.Time</c>: RFC 3339 with as many fraction digits as needed.</summary>
internal static class GoTime
{
    /// <summary>Go's zero time, which Prometheus reports for a target never scraped.</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    public static string Format(DateTimeOffset time)
    {
        DateTime utc = time.UtcDateTime;
        string text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }
}
