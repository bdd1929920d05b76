using System.Globalization;
using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>A named <c>mute_time_intervals</c>/<c>time_intervals</c> entry: the instant is inside when any of its intervals contains it.</summary>
public sealed class TimeIntervalConfig
{
    private static readonly string[] WeekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public required string Name { get; init; }
    public IReadOnlyList<TimeInterval> Intervals { get; init; } = [];

    public bool Contains(DateTimeOffset instant) => Intervals.Any(i => i.Contains(instant));

    public static TimeIntervalConfig Parse(YamlSection s)
    {
        s.AllowOnly("name", "time_intervals");
        string name = s.GetString("name", "");
        if (name.Length == 0) throw s.Error("name", "missing name in time interval");
        var intervals = new List<TimeInterval>();
        foreach (YamlSection ti in s.GetSectionList("time_intervals"))
        {
            ti.AllowOnly("times", "weekdays", "days_of_month", "months", "years", "location");
            var times = new List<(int, int)>();
            foreach (YamlSection t in ti.GetSectionList("times"))
            {
                t.AllowOnly("start_time", "end_time");
                int start = ParseClock(t, "start_time"), end = ParseClock(t, "end_time");
                if (start >= end) throw t.Error("end_time", "start time cannot be equal or greater than end time");
                times.Add((start, end));
            }
            TimeZoneInfo zone = TimeZoneInfo.Utc;
            if (ti.GetString("location") is { } location)
            {
                try
                {
                    zone = location is "Local" ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(location);
                }
                catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
                {
                    throw ti.Error("location", $"unknown time zone \"{location}\"");
                }
            }
            intervals.Add(new TimeInterval
            {
                Times = times,
                Weekdays = Ranges(ti, "weekdays", v => Array.IndexOf(WeekdayNames, v.ToLowerInvariant()) is var i and >= 0 ? i : null),
                Months = Ranges(ti, "months", v => Array.IndexOf(MonthNames, v.ToLowerInvariant()) is var i and >= 0 ? i + 1
                    : int.TryParse(v, out int m) && m is >= 1 and <= 12 ? m : null),
                DaysOfMonth = Ranges(ti, "days_of_month", v => int.TryParse(v, out int d) && d is >= -31 and <= 31 and not 0 ? d : null),
                Years = Ranges(ti, "years", v => int.TryParse(v, out int y) && y > 0 ? y : null),
                Location = zone,
            });
        }
        return new TimeIntervalConfig { Name = name, Intervals = intervals };
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

    /// <summary>Inclusive ranges written as <c>a</c> or <c>a:b</c>.</summary>
    private static List<(int, int)> Ranges(YamlSection s, string key, Func<string, int?> value)
    {
        var result = new List<(int, int)>();
        foreach (string range in s.GetStringList(key))
        {
            string[] ends = range.Split(':');
            int?[] parsed = ends.Select(e => value(e.Trim())).ToArray();
            if (ends.Length > 2 || Array.Exists(parsed, p => p is null)) throw s.Error(key, $"invalid {key} range \"{range}\"");
            int start = parsed[0]!.Value, end = parsed[^1]!.Value;
            // Same-signed ends must be in order (Alertmanager rejects "saturday:sunday" and "5:2"); -3:-1 or 1:-1 are fine.
            if ((start >= 0) == (end >= 0) && start > end) throw s.Error(key, $"invalid {key} range \"{range}\": the end is before the start");
            result.Add((start, end));
        }
        return result;
    }
}

/// <summary>One entry of <c>time_intervals</c>: every non-empty part must contain the instant (in <see cref="Location"/>).</summary>
public sealed class TimeInterval
{
    /// <summary>Minutes of the day, start inclusive, end exclusive.</summary>
    public IReadOnlyList<(int Start, int End)> Times { get; init; } = [];

    /// <summary>0 = Sunday, inclusive ranges.</summary>
    public IReadOnlyList<(int Start, int End)> Weekdays { get; init; } = [];

    /// <summary>Negative days count from the end of the month (-1 is the last day).</summary>
    public IReadOnlyList<(int Start, int End)> DaysOfMonth { get; init; } = [];
    public IReadOnlyList<(int Start, int End)> Months { get; init; } = [];
    public IReadOnlyList<(int Start, int End)> Years { get; init; } = [];
    public TimeZoneInfo Location { get; init; } = TimeZoneInfo.Utc;

    public bool Contains(DateTimeOffset instant)
    {
        DateTime t = TimeZoneInfo.ConvertTime(instant, Location).DateTime;
        int minute = t.Hour * 60 + t.Minute;
        if (Times.Count > 0 && !Times.Any(r => minute >= r.Start && minute < r.End)) return false;
        if (Weekdays.Count > 0 && !Weekdays.Any(r => (int)t.DayOfWeek >= r.Start && (int)t.DayOfWeek <= r.End)) return false;
        if (Months.Count > 0 && !Months.Any(r => t.Month >= r.Start && t.Month <= r.End)) return false;
        if (Years.Count > 0 && !Years.Any(r => t.Year >= r.Start && t.Year <= r.End)) return false;
        if (DaysOfMonth.Count > 0)
        {
            int days = DateTime.DaysInMonth(t.Year, t.Month);
            int Day(int d) => d < 0 ? days + d + 1 : d;
            if (!DaysOfMonth.Any(r => t.Day >= Day(r.Start) && t.Day <= Day(r.End))) return false;
        }
        return true;
    }
}
