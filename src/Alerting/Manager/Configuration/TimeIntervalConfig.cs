using System.Globalization;
using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>
/// A named <c>mute_time_intervals</c>/<c>time_intervals</c> entry. Parsed and checked so files load and
/// routes can name them; the ranges are kept as written (muting by time of day is not evaluated yet).
/// </summary>
public sealed class TimeIntervalConfig
{
    private static readonly string[] Weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    private static readonly string[] Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public required string Name { get; init; }
    public int IntervalCount { get; init; }

    public static TimeIntervalConfig Parse(YamlSection s)
    {
        s.AllowOnly("name", "time_intervals");
        string name = s.GetString("name", "");
        if (name.Length == 0) throw s.Error("name", "missing name in time interval");
        IReadOnlyList<YamlSection> intervals = s.GetSectionList("time_intervals");
        foreach (YamlSection ti in intervals)
        {
            ti.AllowOnly("times", "weekdays", "days_of_month", "months", "years", "location");
            foreach (YamlSection t in ti.GetSectionList("times"))
            {
                t.AllowOnly("start_time", "end_time");
                int start = ParseClock(t, "start_time"), end = ParseClock(t, "end_time");
                if (start >= end) throw t.Error("end_time", "start time cannot be equal or greater than end time");
            }
            CheckRanges(ti, "weekdays", v => Array.IndexOf(Weekdays, v.ToLowerInvariant()) >= 0);
            CheckRanges(ti, "months", v => Array.IndexOf(Months, v.ToLowerInvariant()) >= 0 || (int.TryParse(v, out int m) && m is >= 1 and <= 12));
            CheckRanges(ti, "days_of_month", v => int.TryParse(v, out int d) && d is >= -31 and <= 31 and not 0);
            CheckRanges(ti, "years", v => int.TryParse(v, out int y) && y > 0);
            if (ti.GetString("location") is { } location)
            {
                try
                {
                    TimeZoneInfo.FindSystemTimeZoneById(location);
                }
                catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    throw ti.Error("location", $"unknown time zone \"{location}\"");
                }
            }
        }
        return new TimeIntervalConfig { Name = name, IntervalCount = intervals.Count };
    }

    private static int ParseClock(YamlSection t, string key)
    {
        string text = t.RequireString(key);
        string[] parts = text.Split(':');
        if (parts.Length != 2 || parts[0].Length != 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int m)
            || h > 24 || m > 59 || (h == 24 && m != 0))
            throw t.Error(key, $"couldn't parse timestamp {text}, invalid format");
        return h * 60 + m;
    }

    private static void CheckRanges(YamlSection s, string key, Func<string, bool> valid)
    {
        foreach (string range in s.GetStringList(key))
        {
            string[] ends = range.Split(':');
            if (ends.Length > 2 || Array.Exists(ends, e => !valid(e.Trim())))
                throw s.Error(key, $"invalid {key} range \"{range}\"");
        }
    }
}
