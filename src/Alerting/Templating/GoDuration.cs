using System.Globalization;
using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>
/// Go's <c>time.Duration</c> (nanoseconds), what <c>.EndsAt.Sub .StartsAt</c> gives a template: it prints as
/// <c>1h4m5s</c> and has <c>.Seconds</c>, <c>.Minutes</c>, <c>.Hours</c>, <c>.Milliseconds</c>, <c>.Round</c>, <c>.Truncate</c>.
/// </summary>
public readonly record struct GoDuration(long Nanoseconds) : ITemplateMethods
{
    private const long Second = 1_000_000_000;

    public string GoTypeName => "time.Duration";

    public bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result)
    {
        result = method switch
        {
            "String" => NoArgs(method, args, ToString()),
            "Seconds" => NoArgs<object>(method, args, Nanoseconds / Second + Nanoseconds % Second / 1e9),
            "Minutes" => NoArgs<object>(method, args, Nanoseconds / (60 * Second) + Nanoseconds % (60 * Second) / (60 * 1e9)),
            "Hours" => NoArgs<object>(method, args, Nanoseconds / (3600 * Second) + Nanoseconds % (3600 * Second) / (3600 * 1e9)),
            "Milliseconds" => NoArgs<object>(method, args, Nanoseconds / 1_000_000),
            "Microseconds" => NoArgs<object>(method, args, Nanoseconds / 1_000),
            "Nanoseconds" => NoArgs<object>(method, args, Nanoseconds),
            "Round" => Round(Multiple(method, args)),
            "Truncate" => Truncate(Multiple(method, args)),
            _ => null,
        };
        return result is not null;
    }

    private GoDuration Truncate(long m) => m <= 0 ? this : new GoDuration(Nanoseconds - Nanoseconds % m);

    /// <summary>Go's Duration.Round: halfway values round away from zero.</summary>
    private GoDuration Round(long m)
    {
        if (m <= 0) return this;
        long r = Nanoseconds % m;
        if (Nanoseconds < 0)
        {
            r = -r;
            return r + r < m ? new GoDuration(Nanoseconds + r) : new GoDuration(Nanoseconds - m + r);
        }
        return r + r < m ? new GoDuration(Nanoseconds - r) : new GoDuration(Nanoseconds + m - r);
    }

    private static long Multiple(string method, IReadOnlyList<object?> args)
    {
        if (args.Count != 1) throw new TemplateException($"wrong number of args for {method}: want 1 got {args.Count}");
        return args[0] switch
        {
            GoDuration d => d.Nanoseconds,
            long l => l,
            double f when f == Math.Floor(f) && Math.Abs(f) < 9.2e18 => (long)f,
            var other => throw new TemplateException($"wrong type for value; expected time.Duration; got {GoValues.TypeName(other)}"),
        };
    }

    private static T NoArgs<T>(string method, IReadOnlyList<object?> args, T value)
        => args.Count == 0 ? value : throw new TemplateException($"wrong number of args for {method}: want 0 got {args.Count}");

    /// <summary>Go's Duration.String: <c>72h3m0.5s</c>, <c>1.5ms</c>, <c>0s</c>.</summary>
    public override string ToString()
    {
        if (Nanoseconds == 0) return "0s";
        bool negative = Nanoseconds < 0;
        ulong u = negative ? (ulong)(-(Nanoseconds + 1)) + 1 : (ulong)Nanoseconds;
        var sb = new StringBuilder();
        if (u < Second)
        {
            (string unit, int precision) = u < 1_000 ? ("ns", 0) : u < 1_000_000 ? ("µs", 3) : ("ms", 6);
            sb.Append(Fraction(u, precision)).Append(unit);
        }
        else
        {
            string seconds = Fraction(u % (60 * (ulong)Second), 9);
            ulong minutes = u / (60 * (ulong)Second);
            if (minutes > 0)
            {
                ulong hours = minutes / 60;
                if (hours > 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
                sb.Append((minutes % 60).ToString(CultureInfo.InvariantCulture)).Append('m');
            }
            sb.Append(seconds).Append('s');
        }
        return negative ? "-" + sb : sb.ToString();
    }

    /// <summary><paramref name="v"/> / 10^<paramref name="precision"/> with the fraction's trailing zeros (and a bare point) dropped.</summary>
    private static string Fraction(ulong v, int precision)
    {
        ulong scale = 1;
        for (int i = 0; i < precision; i++) scale *= 10;
        string whole = (v / scale).ToString(CultureInfo.InvariantCulture);
        if (precision == 0) return whole;
        string fraction = (v % scale).ToString(CultureInfo.InvariantCulture).PadLeft(precision, '0').TrimEnd('0');
        return fraction.Length == 0 ? whole : whole + "." + fraction;
    }
}
