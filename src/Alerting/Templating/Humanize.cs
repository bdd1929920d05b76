using System.Globalization;

namespace Metrics.Alerting.Templating;

/// <summary>
/// Prometheus's humanize template functions, format for format: four significant digits
/// (Go's <c>%.4g</c>) with SI, binary, duration or percentage units.
/// </summary>
public static class Humanize
{
    private static readonly string[] s_bigPrefixes = ["k", "M", "G", "T", "P", "E", "Z", "Y"];
    private static readonly string[] s_smallPrefixes = ["m", "u", "n", "p", "f", "a", "z", "y"];
    private static readonly string[] s_binaryPrefixes = ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"];

    private static string G4(double v) => GoFloat.Format(v, 'g', 4);

    public static string Number(double v)
    {
        if (v == 0 || double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        string prefix = "";
        if (Math.Abs(v) >= 1)
        {
            foreach (string p in s_bigPrefixes)
            {
                if (Math.Abs(v) < 1000) break;
                prefix = p;
                v /= 1000;
            }
            return G4(v) + prefix;
        }
        foreach (string p in s_smallPrefixes)
        {
            if (Math.Abs(v) >= 1) break;
            prefix = p;
            v *= 1000;
        }
        return G4(v) + prefix;
    }

    public static string Binary(double v)
    {
        if (Math.Abs(v) <= 1 || double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        string prefix = "";
        foreach (string p in s_binaryPrefixes)
        {
            if (Math.Abs(v) < 1024) break;
            prefix = p;
            v /= 1024;
        }
        return G4(v) + prefix;
    }

    public static string Duration(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        if (v == 0) return G4(v) + "s";
        if (Math.Abs(v) >= 1)
        {
            string sign = "";
            if (v < 0)
            {
                sign = "-";
                v = -v;
            }
            long duration = (long)v;
            long seconds = duration % 60;
            long minutes = duration / 60 % 60;
            long hours = duration / 60 / 60 % 24;
            long days = duration / 60 / 60 / 24;
            // From minutes up, seconds are shown as a whole number.
            if (days != 0) return Invariant($"{sign}{days}d {hours}h {minutes}m {seconds}s");
            if (hours != 0) return Invariant($"{sign}{hours}h {minutes}m {seconds}s");
            if (minutes != 0) return Invariant($"{sign}{minutes}m {seconds}s");
            return sign + G4(v) + "s";
        }
        string prefix = "";
        foreach (string p in s_smallPrefixes)
        {
            if (Math.Abs(v) >= 1) break;
            prefix = p;
            v *= 1000;
        }
        return G4(v) + prefix + "s";
    }

    public static string Percentage(double v) => G4(v * 100) + "%";

    /// <summary>Seconds since the epoch as Go prints a UTC time; Prometheus keeps millisecond precision.</summary>
    public static string Timestamp(double v)
    {
        if (double.IsNaN(v) || double.IsInfinity(v)) return G4(v);
        return GoValues.GoTime(ToTime(v));
    }

    /// <summary>Seconds since the epoch to a time, truncated to milliseconds as Prometheus's model.Time is.</summary>
    public static DateTimeOffset ToTime(double seconds)
    {
        double nanos = seconds * 1e9;
        if (double.IsNaN(nanos) || double.IsInfinity(nanos) || nanos >= 9.223372036854775807e18 || nanos <= -9.223372036854775808e18)
            throw new TemplateException($"{GoFloat.General(seconds)} cannot be represented as a nanoseconds timestamp since it overflows int64");
        long ms = (long)nanos / 1_000_000;
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
