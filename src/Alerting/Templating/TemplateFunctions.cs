using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Metrics.Store.Time;
using Metrics.Query.Parser;

namespace Metrics.Alerting.Templating;

/// <summary>Go's builtin template functions plus Prometheus's (query, humanize*, reReplaceAll, ...).</summary>
internal static partial class TemplateFunctions
{
    private delegate object? Function(TemplateOptions options, object?[] args);

    private static readonly Dictionary<string, Function> s_functions = new(StringComparer.Ordinal)
    {
        // Go's builtins.
        ["and"] = (_, a) => { foreach (object? v in a) if (!GoValues.IsTrue(v)) return v; return a.Length > 0 ? a[^1] : null; },
        ["or"] = (_, a) => { foreach (object? v in a) if (GoValues.IsTrue(v)) return v; return a.Length > 0 ? a[^1] : null; },
        ["not"] = (_, a) => !GoValues.IsTrue(Arg(a, 1, 0)),
        ["len"] = (_, a) => Length(Arg(a, 1, 0)),
        ["index"] = (_, a) => Index(a),
        ["slice"] = (_, a) => Slice(a),
        ["print"] = (_, a) => Sprint(a),
        ["println"] = (_, a) => string.Join(" ", a.Select(GoValues.Print)) + "\n",
        ["printf"] = (_, a) => a.Length > 0 && a[0] is string f ? GoPrintf.Format(f, a[1..]) : throw Wrong("printf", a.Length > 0 ? a[0] : null, "string"),
        ["eq"] = (_, a) => Equal(a),
        ["ne"] = (_, a) => !Equal([Arg(a, 2, 0), Arg(a, 2, 1)]),
        ["lt"] = (_, a) => Compare(a) < 0,
        ["le"] = (_, a) => Compare(a) <= 0,
        ["gt"] = (_, a) => Compare(a) > 0,
        ["ge"] = (_, a) => Compare(a) >= 0,
        ["html"] = (_, a) => HtmlEscape(Sprint(a)),
        ["js"] = (_, a) => JsEscape(Sprint(a)),
        ["urlquery"] = (_, a) => Uri.EscapeDataString(Sprint(a)).Replace("%20", "+", StringComparison.Ordinal),
        // Prometheus's.
        ["query"] = (o, a) => o.Query is { } q ? q(Str(a, 1, 0, "query")) : throw new TemplateException("query is not available here"),
        ["first"] = (_, a) => Arg(a, 1, 0) is IReadOnlyList<TemplateSample> list
            ? (list.Count > 0 ? list[0] : throw new TemplateException("first() called on vector with no elements"))
            : throw Wrong("first", a[0], "template.queryResult"),
        ["label"] = (_, a) => Sample(a, 2, 1, "label").Labels.TryGetValue(Str(a, 2, 0, "label"), out string? v) ? v : "",
        ["value"] = (_, a) => Sample(a, 1, 0, "value").Value,
        ["strvalue"] = (_, a) => Sample(a, 1, 0, "strvalue").Labels.TryGetValue("__value__", out string? v) ? v : "",
        ["args"] = (_, a) => a.Select((v, i) => (v, i)).ToDictionary(x => "arg" + x.i.ToString(CultureInfo.InvariantCulture), x => GoValues.Print(x.v)),
        ["reReplaceAll"] = (_, a) => GoRegex(Str(a, 3, 0, "reReplaceAll")).Replace(Str(a, 3, 2, "reReplaceAll"), GoReplacement(Str(a, 3, 1, "reReplaceAll"))),
        ["safeHtml"] = (_, a) => Str(a, 1, 0, "safeHtml"),
        ["match"] = (_, a) => GoRegex(Str(a, 2, 0, "match")).IsMatch(Str(a, 2, 1, "match")),
        ["title"] = (_, a) => Title(Str(a, 1, 0, "title")),
        ["toUpper"] = (_, a) => Str(a, 1, 0, "toUpper").ToUpperInvariant(),
        ["toLower"] = (_, a) => Str(a, 1, 0, "toLower").ToLowerInvariant(),
        ["graphLink"] = (_, a) => "/graph?g0.expr=" + QueryEscape(Str(a, 1, 0, "graphLink")) + "&g0.tab=0",
        ["tableLink"] = (_, a) => "/graph?g0.expr=" + QueryEscape(Str(a, 1, 0, "tableLink")) + "&g0.tab=1",
        ["sortByLabel"] = (_, a) => Arg(a, 2, 1) is IReadOnlyList<TemplateSample> list
            ? list.OrderBy(s => s.Labels.TryGetValue(Str(a, 2, 0, "sortByLabel"), out string? v) ? v : "", StringComparer.Ordinal).ToList()
            : throw Wrong("sortByLabel", a[1], "template.queryResult"),
        ["humanize"] = (_, a) => Humanize.Number(Float(a, "humanize")),
        ["humanize1024"] = (_, a) => Humanize.Binary(Float(a, "humanize1024")),
        ["humanizeDuration"] = (_, a) => Humanize.Duration(Float(a, "humanizeDuration")),
        ["humanizePercentage"] = (_, a) => Humanize.Percentage(Float(a, "humanizePercentage")),
        ["humanizeTimestamp"] = (_, a) => Humanize.Timestamp(Float(a, "humanizeTimestamp")),
        ["toTime"] = (_, a) => Humanize.ToTime(Float(a, "toTime")),
        ["pathPrefix"] = (o, _) => o.PathPrefix,
        ["externalURL"] = (o, _) => o.ExternalUrl,
        ["parseDuration"] = (_, a) => PromDuration.TryParseMilliseconds(Str(a, 1, 0, "parseDuration"), out long ms)
            ? ms / 1000.0 : throw new TemplateException($"not a valid duration string: \"{a[0]}\""),
        ["stripPort"] = (_, a) => StripPort(Str(a, 1, 0, "stripPort")),
        // Alertmanager's (toUpper, toLower, title, match, reReplaceAll and safeHtml are shared with Prometheus).
        ["join"] = (_, a) => string.Join(Str(a, 2, 0, "join"), Strings(a[1], "join")),
        ["stringSlice"] = (_, a) => a.Select(v => v as string ?? throw Wrong("stringSlice", v, "string")).ToList(),
    };

    private static readonly string[] s_goBuiltins =
        ["and", "or", "not", "len", "index", "slice", "print", "println", "printf", "eq", "ne", "lt", "le", "gt", "ge", "html", "js", "urlquery"];

    private static readonly string[] s_alertmanagerOnly = ["join", "stringSlice"];

    private static readonly string[] s_alertmanager = ["toUpper", "toLower", "title", "join", "match", "safeHtml", "reReplaceAll", "stringSlice"];

    /// <summary>Prometheus 2.42's function map (rule annotations and labels).</summary>
    public static IReadOnlySet<string> Names { get; } = s_functions.Keys.Except(s_alertmanagerOnly).ToHashSet(StringComparer.Ordinal);

    /// <summary>Alertmanager 0.25's function map (notification templates): Go's builtins and eight of its own.</summary>
    public static IReadOnlySet<string> AlertmanagerNames { get; } = s_goBuiltins.Concat(s_alertmanager).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> NamesOf(TemplateFunctionSet set) => set == TemplateFunctionSet.Alertmanager ? AlertmanagerNames : Names;

    public static object? Call(string name, TemplateOptions options, object?[] args)
    {
        try
        {
            return s_functions[name](options, args);
        }
        catch (TemplateException e)
        {
            throw new TemplateException($"error calling {name}: {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RegexParseException or OverflowException)
        {
            throw new TemplateException($"error calling {name}: {e.Message}");
        }
    }

    private static object? Arg(object?[] a, int want, int i)
    {
        if (a.Length != want) throw new TemplateException($"wrong number of args: got {a.Length} want {want}");
        return a[i];
    }

    private static string Str(object?[] a, int want, int i, string fn)
        => Arg(a, want, i) is string s ? s : throw Wrong(fn, a[i], "string");

    private static TemplateSample Sample(object?[] a, int want, int i, string fn)
        => Arg(a, want, i) is TemplateSample s ? s : throw Wrong(fn, a[i], "*template.sample");

    private static TemplateException Wrong(string fn, object? got, string want)
        => new($"wrong type for value; expected {want}; got {GoValues.TypeName(got)}");

    /// <summary>Prometheus's convertToFloat: numbers, and strings that parse as floats.</summary>
    private static double Float(object?[] a, string fn) => Arg(a, 1, 0) switch
    {
        double d => d,
        long l => l,
        int i => i,
        string s => ParseGoFloat(s),
        var other => throw new TemplateException($"can't convert {GoValues.TypeName(other)} to float"),
    };

    private static double ParseGoFloat(string s)
    {
        string t = s.Replace("_", "", StringComparison.Ordinal);
        switch (t.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
            case "nan": return double.NaN;
        }
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        throw new TemplateException($"strconv.ParseFloat: parsing {GoFormat.Quote(s)}: invalid syntax");
    }

    private static long Length(object? v) => v switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        IReadOnlyDictionary<string, string> m => m.Count,
        System.Collections.ICollection c => c.Count,
        _ => throw new TemplateException($"len of type {GoValues.TypeName(v)}"),
    };

    private static object? Index(object?[] a)
    {
        if (a.Length == 0) throw new TemplateException("wrong number of args: got 0 want at least 1");
        object? item = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            item = (item, a[i]) switch
            {
                (IReadOnlyDictionary<string, string> m, string k) => m.TryGetValue(k, out string? v) ? v : "",
                (System.Collections.IList l, long n) => n >= 0 && n < l.Count ? l[(int)n] : throw new TemplateException($"index out of range: {n}"),
                (string s, long n) => n >= 0 && n < s.Length ? (long)s[(int)n] : throw new TemplateException($"index out of range: {n}"),
                _ => throw new TemplateException($"can't index item of type {GoValues.TypeName(item)}"),
            };
        }
        return item;
    }

    /// <summary>Go's <c>slice x 1 2</c>: <c>x[1:2]</c> of a string or a list.</summary>
    private static object? Slice(object?[] a)
    {
        if (a.Length == 0) throw new TemplateException("wrong number of args: got 0 want at least 1");
        if (a.Length > 4) throw new TemplateException($"too many slice indexes: {a.Length - 1}");
        int length = a[0] switch
        {
            string s => s.Length,
            System.Collections.IList l => l.Count,
            _ => throw new TemplateException($"can't slice item of type {GoValues.TypeName(a[0])}"),
        };
        if (a[0] is string && a.Length == 4) throw new TemplateException("cannot 3-index slice a string");
        var indexes = new long[a.Length - 1];
        for (int i = 1; i < a.Length; i++)
        {
            indexes[i - 1] = a[i] is long n ? n : a[i] is int m ? m : throw new TemplateException($"cannot index slice/array with type {GoValues.TypeName(a[i])}");
            if (indexes[i - 1] < 0 || indexes[i - 1] > length) throw new TemplateException($"index out of range: {indexes[i - 1]}");
        }
        int from = indexes.Length > 0 ? (int)indexes[0] : 0, to = indexes.Length > 1 ? (int)indexes[1] : length;
        if (from > to) throw new TemplateException($"invalid slice index: {from} > {to}");
        return a[0] is string str ? str[from..to] : ((System.Collections.IList)a[0]!).Cast<object?>().Skip(from).Take(to - from).ToList();
    }

    /// <summary>A Go <c>[]string</c> argument: any list whose elements are all strings.</summary>
    private static IEnumerable<string> Strings(object? value, string fn) => value switch
    {
        IEnumerable<string> strings => strings,
        System.Collections.IEnumerable list when list.Cast<object?>().All(x => x is string) => list.Cast<string>(),
        _ => throw Wrong(fn, value, "[]string"),
    };

    /// <summary>fmt.Sprint: a space between operands when neither side is a string.</summary>
    private static string Sprint(object?[] a)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < a.Length; i++)
        {
            if (i > 0 && a[i] is not string && a[i - 1] is not string) sb.Append(' ');
            sb.Append(GoValues.Print(a[i]));
        }
        return sb.ToString();
    }

    private enum Kind { Bool, Int, Float, String, Other }

    private static Kind KindOf(object? v) => v switch
    {
        bool => Kind.Bool,
        long or int or GoDuration => Kind.Int,   // a Duration is an int64 to Go's comparisons
        double => Kind.Float,
        string => Kind.String,
        _ => Kind.Other,
    };

    private static bool Equal(object?[] a)
    {
        if (a.Length < 2) throw new TemplateException("missing argument for comparison");
        Kind k1 = KindOf(a[0]);
        for (int i = 1; i < a.Length; i++)
        {
            Kind k2 = KindOf(a[i]);
            if (k1 != k2 || k1 == Kind.Other)
            {
                if (k1 == Kind.Other && k2 == Kind.Other && a[0] is null && a[i] is null) return true;
                throw new TemplateException("incompatible types for comparison");
            }
            bool same = k1 switch
            {
                Kind.Bool => (bool)a[0]! == (bool)a[i]!,
                Kind.Int => ToInt64(a[0]) == ToInt64(a[i]),
                Kind.Float => (double)a[0]! == (double)a[i]!,
                _ => string.Equals((string)a[0]!, (string)a[i]!, StringComparison.Ordinal),
            };
            if (same) return true;
        }
        return false;
    }

    private static long ToInt64(object? v) => v is GoDuration d ? d.Nanoseconds : Convert.ToInt64(v, CultureInfo.InvariantCulture);

    private static int Compare(object?[] a)
    {
        if (a.Length != 2) throw new TemplateException($"wrong number of args: got {a.Length} want 2");
        Kind k1 = KindOf(a[0]), k2 = KindOf(a[1]);
        if (k1 != k2) throw new TemplateException("incompatible types for comparison");
        return k1 switch
        {
            Kind.Int => ToInt64(a[0]).CompareTo(ToInt64(a[1])),
            Kind.Float => (double)a[0]! < (double)a[1]! ? -1 : (double)a[0]! > (double)a[1]! ? 1 : 0,
            Kind.String => string.CompareOrdinal((string)a[0]!, (string)a[1]!),
            _ => throw new TemplateException("invalid type for comparison"),
        };
    }

    private static Regex GoRegex(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>Go's <c>$1</c>/<c>${name}</c> expansion; a literal <c>$$</c> is a dollar sign.</summary>
    private static string GoReplacement(string template)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c != '$' || i + 1 >= template.Length) { sb.Append(c); continue; }
            if (template[i + 1] == '$') { sb.Append("$$"); i++; continue; }
            if (template[i + 1] == '{')
            {
                int close = template.IndexOf('}', i);
                if (close < 0) { sb.Append("$$"); continue; }
                sb.Append("${").Append(template, i + 2, close - i - 2).Append('}');
                i = close;
                continue;
            }
            int j = i + 1;
            while (j < template.Length && TemplateLexer.IsIdentChar(template[j])) j++;
            // Go takes the longest name ("$1x" is the group named "1x", usually empty).
            if (j == i + 1) { sb.Append("$$"); continue; }
            sb.Append("${").Append(template, i + 1, j - i - 1).Append('}');
            i = j - 1;
        }
        return sb.ToString();
    }

    /// <summary>Go's deprecated strings.Title: upper-cases the first letter of each word.</summary>
    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousIsSeparator = true;
        foreach (char c in s)
        {
            sb.Append(previousIsSeparator ? char.ToUpperInvariant(c) : c);
            previousIsSeparator = !(char.IsLetterOrDigit(c) || c == '_') && (c < 0x80 || char.IsWhiteSpace(c));
        }
        return sb.ToString();
    }

    private static string StripPort(string hostPort)
    {
        if (hostPort.StartsWith('[') && hostPort.IndexOf(']', StringComparison.Ordinal) is var close and > 0) return hostPort[1..close];
        int colon = hostPort.LastIndexOf(':');
        return colon >= 0 && hostPort.IndexOf(':', StringComparison.Ordinal) == colon ? hostPort[..colon] : hostPort;
    }

    /// <summary>Go's url.QueryEscape: spaces become '+'.</summary>
    public static string QueryEscape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);

    private static string HtmlEscape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&#34;", StringComparison.Ordinal).Replace("\0", "\uFFFD", StringComparison.Ordinal);

    private static string JsEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\", '\'' => "\\'", '"' => "\\\"", '<' => "\\u003C", '>' => "\\u003E", '&' => "\\u0026", '=' => "\\u003D",
                _ when c < ' ' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
