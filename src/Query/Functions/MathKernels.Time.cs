namespace Metrics.Query.Functions;

public static partial class MathKernels
{
    private const long SecondsPerDay = 86_400;

    // 2^63 as a double: every double below it (and at or above -2^63) truncates into a long.
    private const double TwoPow63 = 9_223_372_036_854_775_808.0;

    /// <summary><c>minute(v)</c>: minute of the hour (0-59) of Unix time <paramref name="unixSeconds"/>, in UTC.</summary>
    /// <remarks>
    /// All calendar kernels truncate the value towards zero to whole seconds, as Go's
    /// <c>int64(v)</c> does, and use the proleptic Gregorian calendar for any year. For the
    /// no-argument forms (<c>minute()</c> = <c>minute(vector(time()))</c>) Prometheus uses the
    /// evaluation time in whole seconds, <c>evalTimeMs / 1000</c> truncated. NaN, ±Inf and
    /// values beyond ±2^63 give NaN here; Prometheus returns an artefact of Go's conversion.
    /// </remarks>
    public static double Minute(double unixSeconds)
        => TryGetSeconds(unixSeconds, out long s) ? FloorMod(s, SecondsPerDay) / 60 % 60 : double.NaN;

    /// <summary><c>hour(v)</c>: hour of the day (0-23) in UTC.</summary>
    public static double Hour(double unixSeconds)
        => TryGetSeconds(unixSeconds, out long s) ? FloorMod(s, SecondsPerDay) / 3600 : double.NaN;

    /// <summary><c>day_of_week(v)</c>: 0 for Sunday to 6 for Saturday, in UTC.</summary>
    public static double DayOfWeek(double unixSeconds)
        // 1970-01-01 was a Thursday (4).
        => TryGetSeconds(unixSeconds, out long s) ? FloorMod(FloorDiv(s, SecondsPerDay) + 4, 7) : double.NaN;

    /// <summary><c>day_of_month(v)</c>: 1-31, in UTC.</summary>
    public static double DayOfMonth(double unixSeconds)
        => TryGetSeconds(unixSeconds, out long s) ? ToCivil(s).Day : double.NaN;

    /// <summary><c>day_of_year(v)</c>: 1-365, or 366 in leap years, in UTC.</summary>
    public static double DayOfYear(double unixSeconds)
    {
        if (!TryGetSeconds(unixSeconds, out long s))
        {
            return double.NaN;
        }
        (long year, int month, int day) = ToCivil(s);
        int dayOfYear = DaysBeforeMonth(month) + day;
        return month > 2 && IsLeapYear(year) ? dayOfYear + 1 : dayOfYear;
    }

    /// <summary><c>days_in_month(v)</c>: 28-31, in UTC.</summary>
    public static double DaysInMonth(double unixSeconds)
    {
        if (!TryGetSeconds(unixSeconds, out long s))
        {
            return double.NaN;
        }
        (long year, int month, _) = ToCivil(s);
        return month switch
        {
            2 => IsLeapYear(year) ? 29 : 28,
            4 or 6 or 9 or 11 => 30,
            _ => 31,
        };
    }

    /// <summary><c>month(v)</c>: 1-12, in UTC.</summary>
    public static double Month(double unixSeconds)
        => TryGetSeconds(unixSeconds, out long s) ? ToCivil(s).Month : double.NaN;

    /// <summary><c>year(v)</c>, in UTC (astronomical numbering, so 1 BC is year 0).</summary>
    public static double Year(double unixSeconds)
        => TryGetSeconds(unixSeconds, out long s) ? ToCivil(s).Year : double.NaN;

    private static bool TryGetSeconds(double unixSeconds, out long seconds)
    {
        // The negated range test is also false for NaN.
        if (!(unixSeconds >= -TwoPow63 && unixSeconds < TwoPow63))
        {
            seconds = 0;
            return false;
        }
        seconds = (long)unixSeconds;
        return true;
    }

    // Howard Hinnant's days-to-civil algorithm over 400-year eras; exact for every long.
    private static (long Year, int Month, int Day) ToCivil(long unixSeconds)
    {
        long z = FloorDiv(unixSeconds, SecondsPerDay) + 719_468; // days since 0000-03-01
        long era = FloorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // from March 1
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        int day = (int)(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1);
        int month = (int)(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year, month, day);
    }

    private static int DaysBeforeMonth(int month) => month switch
    {
        1 => 0,
        2 => 31,
        3 => 59,
        4 => 90,
        5 => 120,
        6 => 151,
        7 => 181,
        8 => 212,
        9 => 243,
        10 => 273,
        11 => 304,
        _ => 334,
    };

    private static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    private static long FloorMod(long a, long b)
    {
        long m = a % b;
        return m < 0 ? m + b : m;
    }
}
