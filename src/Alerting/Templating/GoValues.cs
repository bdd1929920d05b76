using System.Globalization;
using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>How Go's <c>fmt</c> prints the values templates handle, and Go's notion of truth and type names.</summary>
internal static class GoValues
{
    /// <summary><c>fmt.Sprint(v)</c> for one value (<c>%v</c>).</summary>
    public static string Print(object? value) => value switch
    {
        null => "<nil>",
        string s => s,
        double d => GoFloat.General(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset t => GoTime(t),
        IReadOnlyDictionary<string, string> map => PrintMap(map),
        TemplateSample s => $"&{{{PrintMap(s.Labels)} {GoFloat.General(s.Value)}}}",
        System.Collections.IEnumerable list => "[" + string.Join(" ", list.Cast<object?>().Select(Print)) + "]",
        _ => value.ToString() ?? "",
    };

    private static string PrintMap(IReadOnlyDictionary<string, string> map)
    {
        var sb = new StringBuilder("map[");
        bool first = true;
        foreach (string key in map.Keys.Order(StringComparer.Ordinal))
        {
            if (!first) sb.Append(' ');
            first = false;
            sb.Append(key).Append(':').Append(map[key]);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Go's <c>time.Time.String()</c> of a UTC time: <c>2006-01-02 15:04:05.999999999 +0000 UTC</c>.</summary>
    public static string GoTime(DateTimeOffset t)
    {
        DateTimeOffset utc = t.ToUniversalTime();
        string text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        long ticks = utc.Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0) text += "." + (ticks * 100).ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0');
        return text + " +0000 UTC";
    }

    /// <summary>Go's template truth: the zero value of any type and empty collections are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        long l => l != 0,
        int i => i != 0,
        GoDuration d => d.Nanoseconds != 0,
        System.Collections.ICollection c => c.Count > 0,
        IReadOnlyDictionary<string, string> m => m.Count > 0,
        _ => true,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "<nil>",
        string => "string",
        double => "float64",
        long or int => "int",
        bool => "bool",
        DateTimeOffset => "time.Time",
        ITemplateMethods m => m.GoTypeName,
        IReadOnlyDictionary<string, string> => "map[string]string",
        IEnumerable<string> => "[]string",
        ITemplateFields f => f.GoTypeName,
        IReadOnlyList<TemplateSample> => "template.queryResult",
        _ => value.GetType().Name,
    };
}
