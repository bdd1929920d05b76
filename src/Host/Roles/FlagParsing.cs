using System.Globalization;
using Metrics.Store.Configuration;
using Metrics.Store.Time;

namespace Metrics.Host.Roles;

/// <summary>Parses flags whose notation Prometheus defines (durations and byte sizes).</summary>
public static class FlagParsing
{
    private static readonly (string Unit, long Bytes)[] Units =
    [
        ("EB", 1L << 60), ("PB", 1L << 50), ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1),
    ];

    public static (TimeSpan Time, long Bytes) ParseRetention(string time, string? size)
    {
        if (!PromDuration.TryParse(time, out TimeSpan t) || t <= TimeSpan.Zero)
            throw new ConfigException("--storage.tsdb.retention.time", 0, 0, "", $"invalid duration \"{time}\" (use e.g. 15d, 12h)");
        return (t, size is null ? 0 : ParseBytes(size));
    }

    /// <summary>A duration flag that must be above zero, such as <c>--query.timeout 2m</c>.</summary>
    public static TimeSpan ParsePositiveDuration(string text, string flag)
    {
        if (!PromDuration.TryParse(text, out TimeSpan d) || d <= TimeSpan.Zero)
            throw new ConfigException(flag, 0, 0, "", $"invalid duration \"{text}\" (use e.g. 30s, 2m)");
        return d;
    }

    /// <summary>Prometheus's units: B, KB, MB, GB, TB, PB, EB, powers of 1024.</summary>
    public static long ParseBytes(string text)
    {
        foreach (var (unit, bytes) in Units)
        {
            if (!text.EndsWith(unit, StringComparison.Ordinal)) continue;
            if (long.TryParse(text.AsSpan(0, text.Length - unit.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0)
                return checked(n * bytes);
            break;
        }
        throw new ConfigException("--storage.tsdb.retention.size", 0, 0, "", $"invalid size \"{text}\" (use e.g. 512MB, 10GB)");
    }
}
