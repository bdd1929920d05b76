using System.Globalization;
using System.Text;

namespace Metrics.Store.Time;

/// <summary>Prometheus's duration notation: units y, w, d, h, m, s, ms in that order, e.g. <c>1h30m</c>, <c>500ms</c>, <c>0</c>.</summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000L), ("ms", 1L),
    ];

    /// <summary>Parses a duration in milliseconds; false on anything Prometheus would reject.</summary>
    public static bool TryParseMilliseconds(ReadOnlySpan<char> text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length == 0) return false;
        if (text is "0") return true;
        int nextUnit = 0;
        long total = 0;
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == start) return false;
            if (!long.TryParse(text[start..i], NumberStyles.None, CultureInfo.InvariantCulture, out long number)) return false;
            int unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            ReadOnlySpan<char> unit = text[unitStart..i];
            int u = nextUnit;
            while (u < Units.Length && !unit.SequenceEqual(Units[u].Unit)) u++;
            if (u == Units.Length) return false;  // unknown unit or units out of order
            nextUnit = u + 1;
            try
            {
                total = checked(total + checked(number * Units[u].Ms));
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        milliseconds = total;
        return true;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan duration)
    {
        bool ok = TryParseMilliseconds(text, out long ms);
        duration = TimeSpan.FromMilliseconds(ms);
        return ok;
    }

    /// <summary>Formats like Prometheus: the largest units first, <c>0s</c> for zero.</summary>
    public static string Format(long milliseconds)
    {
        if (milliseconds == 0) return "0s";
        var sb = new StringBuilder();
        if (milliseconds < 0)
        {
            sb.Append('-');
            milliseconds = -milliseconds;
        }
        foreach ((string unit, long ms) in Units)
        {
            if (milliseconds < ms) continue;
            // Prometheus prints weeks and years only when they divide exactly.
            if (unit is "y" or "w" && milliseconds % ms != 0) continue;
            sb.Append((milliseconds / ms).ToString(CultureInfo.InvariantCulture)).Append(unit);
            milliseconds %= ms;
        }
        return sb.ToString();
    }

    public static string Format(TimeSpan duration) => Format((long)duration.TotalMilliseconds);
}
