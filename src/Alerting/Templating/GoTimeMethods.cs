using System.Globalization;
using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>
/// The methods of Go's <c>time.Time</c> that notification templates call on <c>.StartsAt</c> and <c>.EndsAt</c>
/// (<c>Format</c>, <c>Unix</c>, <c>UTC</c>, <c>IsZero</c>, ...). Times are UTC: the alert manager runs and reports in UTC.
/// </summary>
internal static class GoTimeMethods
{
    public static bool TryInvoke(DateTimeOffset t, string method, IReadOnlyList<object?> args, out object? result)
    {
        DateTimeOffset utc = t.ToUniversalTime();
        result = method switch
        {
            "Format" => Format(utc, One<string>(method, args, "string")),
            "String" => None(method, args, GoValues.GoTime(utc)),
            "UTC" or "Local" => None<object>(method, args, utc),
            "IsZero" => None<object>(method, args, utc == default),
            "Unix" => None<object>(method, args, UnixSeconds(utc)),
            "UnixMilli" => None<object>(method, args, (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond),
            "UnixNano" => None<object>(method, args, (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100),
            "Year" => None<object>(method, args, (long)utc.Year),
            "YearDay" => None<object>(method, args, (long)utc.DayOfYear),
            "Day" => None<object>(method, args, (long)utc.Day),
            "Hour" => None<object>(method, args, (long)utc.Hour),
            "Minute" => None<object>(method, args, (long)utc.Minute),
            "Second" => None<object>(method, args, (long)utc.Second),
            "Nanosecond" => None<object>(method, args, utc.Ticks % TimeSpan.TicksPerSecond * 100),
            "Month" => None<object>(method, args, utc.ToString("MMMM", CultureInfo.InvariantCulture)),
            "Weekday" => None<object>(method, args, utc.DayOfWeek.ToString()),
            "Sub" => Sub(utc, One<DateTimeOffset>(method, args, "time.Time")),
            "Add" => Add(utc, One<GoDuration>(method, args, "time.Duration")),
            "Before" => One<DateTimeOffset>(method, args, "time.Time") is var b && utc < b,
            "After" => One<DateTimeOffset>(method, args, "time.Time") is var a && utc > a,
            "Equal" => One<DateTimeOffset>(method, args, "time.Time") is var e && utc == e,
            _ => null,
        };
        return result is not null;
    }

    private static long UnixSeconds(DateTimeOffset utc) => (long)Math.Floor((utc.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond);

    private static T None<T>(string method, IReadOnlyList<object?> args, T value)
        => args.Count == 0 ? value : throw new TemplateException($"wrong number of args for {method}: want 0 got {args.Count}");

    private static T One<T>(string method, IReadOnlyList<object?> args, string goType)
    {
        if (args.Count != 1) throw new TemplateException($"wrong number of args for {method}: want 1 got {args.Count}");
        return args[0] is T value ? value : throw new TemplateException($"wrong type for value; expected {goType}; got {GoValues.TypeName(args[0])}");
    }

    private const long MaxNanos = long.MaxValue;

    /// <summary>Go's Time.Sub: the difference saturates at the largest or smallest Duration.</summary>
    private static GoDuration Sub(DateTimeOffset t, DateTimeOffset u)
    {
        long ticks = t.UtcTicks - u.UtcTicks;
        if (ticks > MaxNanos / 100) return new GoDuration(long.MaxValue);
        if (ticks < long.MinValue / 100) return new GoDuration(long.MinValue);
        return new GoDuration(ticks * 100);
    }

    private static DateTimeOffset Add(DateTimeOffset t, GoDuration d)
    {
        long ticks = d.Nanoseconds / 100;
        long max = DateTimeOffset.MaxValue.UtcTicks - t.UtcTicks, min = DateTimeOffset.MinValue.UtcTicks - t.UtcTicks;
        return t.AddTicks(Math.Clamp(ticks, min, max));
    }

    /// <summary>Go's layout-by-example formatting: the reference time <c>Mon Jan 2 15:04:05 MST 2006</c> names each field.</summary>
    public static string Format(DateTimeOffset utc, string layout)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < layout.Length)
        {
            string rest = layout[i..];
            string? token = s_tokens.FirstOrDefault(rest.StartsWith);
            if (token is null && (rest.StartsWith(".0", StringComparison.Ordinal) || rest.StartsWith(".9", StringComparison.Ordinal) ||
                rest.StartsWith(",0", StringComparison.Ordinal) || rest.StartsWith(",9", StringComparison.Ordinal)))
            {
                int n = 1;
                while (i + n < layout.Length && layout[i + n] == rest[1]) n++;
                // Only a fraction when no digit follows (".000" in "05.000", not ".0001").
                if (i + n >= layout.Length || !char.IsDigit(layout[i + n]))
                {
                    sb.Append(Fraction(utc, rest[0], n - 1, trim: rest[1] == '9'));
                    i += n;
                    continue;
                }
            }
            if (token is null)
            {
                sb.Append(layout[i++]);
                continue;
            }
            sb.Append(Field(utc, token));
            i += token.Length;
        }
        return sb.ToString();
    }

    // Longest first where one token is a prefix of another.
    private static readonly string[] s_tokens =
    [
        "January", "Jan", "Monday", "Mon", "MST", "2006", "002", "01", "02", "03", "04", "05", "06", "_2", "15",
        "-07:00:00", "-0700", "-07:00", "-07", "Z07:00:00", "Z0700", "Z07:00", "Z07", "PM", "pm", "1", "2", "3", "4", "5",
    ];

    private static string Field(DateTimeOffset t, string token) => token switch
    {
        "January" => t.ToString("MMMM", CultureInfo.InvariantCulture),
        "Jan" => t.ToString("MMM", CultureInfo.InvariantCulture),
        "Monday" => t.DayOfWeek.ToString(),
        "Mon" => t.DayOfWeek.ToString()[..3],
        "MST" => "UTC",
        "2006" => t.Year.ToString("0000", CultureInfo.InvariantCulture),
        "06" => (t.Year % 100).ToString("00", CultureInfo.InvariantCulture),
        "002" => t.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
        "01" => t.Month.ToString("00", CultureInfo.InvariantCulture),
        "1" => t.Month.ToString(CultureInfo.InvariantCulture),
        "02" => t.Day.ToString("00", CultureInfo.InvariantCulture),
        "2" => t.Day.ToString(CultureInfo.InvariantCulture),
        "_2" => t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
        "15" => t.Hour.ToString("00", CultureInfo.InvariantCulture),
        "03" => Hour12(t).ToString("00", CultureInfo.InvariantCulture),
        "3" => Hour12(t).ToString(CultureInfo.InvariantCulture),
        "04" => t.Minute.ToString("00", CultureInfo.InvariantCulture),
        "4" => t.Minute.ToString(CultureInfo.InvariantCulture),
        "05" => t.Second.ToString("00", CultureInfo.InvariantCulture),
        "5" => t.Second.ToString(CultureInfo.InvariantCulture),
        "PM" => t.Hour >= 12 ? "PM" : "AM",
        "pm" => t.Hour >= 12 ? "pm" : "am",
        "-0700" => "+0000",
        "-07:00" => "+00:00",
        "-07" => "+00",
        "-07:00:00" => "+00:00:00",
        _ => "Z",   // the Z07... forms print Z for UTC
    };

    private static int Hour12(DateTimeOffset t) => t.Hour % 12 == 0 ? 12 : t.Hour % 12;

    private static string Fraction(DateTimeOffset t, char separator, int digits, bool trim)
    {
        string nanos = (t.Ticks % TimeSpan.TicksPerSecond * 100).ToString("000000000", CultureInfo.InvariantCulture)[..Math.Min(digits, 9)].PadRight(digits, '0');
        if (!trim) return separator + nanos;
        nanos = nanos.TrimEnd('0');
        return nanos.Length == 0 ? "" : separator + nanos;
    }
}
