using System.Globalization;
using System.Text;
using Metrics.Collector.Config;
using Metrics.Store.Labels;

namespace Metrics.Collector.Scrape;

/// <summary>
/// Checks a stored series against label_limit, label_name_length_limit and label_value_length_limit,
/// in Prometheus's order and with its error texts, so alerts and dashboards matching them keep working.
/// </summary>
internal static class LabelLimitChecker
{
    // Go's "%.50s": metric and label names are cut to 50 characters in the messages.
    private const int Shown = 50;

    /// <summary>Throws <see cref="ScrapeLimitException"/> when <paramref name="labels"/> breaks a limit; lengths are UTF-8 bytes, as Go's len.</summary>
    public static void Check(LabelSet labels, ScrapeLimits limits)
    {
        if (limits.LabelLimit == 0 && limits.LabelNameLengthLimit == 0 && limits.LabelValueLengthLimit == 0) return;
        string metric = labels.MetricName;
        if (limits.LabelLimit > 0 && labels.Count > limits.LabelLimit)
        {
            throw new ScrapeLimitException(string.Create(CultureInfo.InvariantCulture,
                $"label_limit exceeded (metric: {Cut(metric)}, number of labels: {labels.Count}, limit: {limits.LabelLimit})"));
        }
        foreach (Label l in labels.AsSpan())
        {
            int nameLength = Encoding.UTF8.GetByteCount(l.Name);
            if (limits.LabelNameLengthLimit > 0 && nameLength > limits.LabelNameLengthLimit)
            {
                throw new ScrapeLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"label_name_length_limit exceeded (metric: {Cut(metric)}, label name: {Cut(l.Name)}, length: {nameLength}, limit: {limits.LabelNameLengthLimit})"));
            }
            int valueLength = Encoding.UTF8.GetByteCount(l.Value);
            if (limits.LabelValueLengthLimit > 0 && valueLength > limits.LabelValueLengthLimit)
            {
                throw new ScrapeLimitException(string.Create(CultureInfo.InvariantCulture,
                    $"label_value_length_limit exceeded (metric: {Cut(metric)}, label name: {Cut(l.Name)}, value: {GoQuote(Cut(l.Value))}, length: {valueLength}, limit: {limits.LabelValueLengthLimit})"));
            }
        }
    }

    /// <summary>The first 50 Unicode characters (runes, as Go counts precision), never splitting a surrogate pair.</summary>
    private static string Cut(string s)
    {
        int runes = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (runes == Shown) return s[..i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            runes++;
        }
        return s;
    }

    /// <summary>Go's <c>%q</c>: double quotes with backslash escapes for quotes, backslashes and control characters.</summary>
    private static string GoQuote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
