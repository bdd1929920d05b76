using System.Globalization;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Config;

/// <summary>
/// Prometheus's per-job scrape limits; zero means no limit. A scrape over any of them stores nothing
/// and reports the limit as its error.
/// </summary>
public sealed record ScrapeLimits
{
    public static readonly ScrapeLimits None = new();

    /// <summary>The YAML field names, as in Prometheus's scrape_config.</summary>
    public static readonly string[] Fields =
        ["sample_limit", "label_limit", "label_name_length_limit", "label_value_length_limit", "body_size_limit"];

    /// <summary>Most samples one scrape may store after metric relabeling.</summary>
    public int SampleLimit { get; init; }

    /// <summary>Most labels (<c>__name__</c> included) one stored series may have.</summary>
    public int LabelLimit { get; init; }

    /// <summary>Longest label name, in UTF-8 bytes.</summary>
    public int LabelNameLengthLimit { get; init; }

    /// <summary>Longest label value, in UTF-8 bytes.</summary>
    public int LabelValueLengthLimit { get; init; }

    /// <summary>Largest uncompressed response body in bytes; a body of this size or more fails the scrape, as in Prometheus.</summary>
    public long BodySizeLimit { get; init; }

    /// <summary>Reads the limit fields of <paramref name="section"/>; absent fields keep <paramref name="inherited"/>'s values.</summary>
    public static ScrapeLimits Parse(YamlSection section, ScrapeLimits inherited) => new()
    {
        SampleLimit = Count(section, "sample_limit") ?? inherited.SampleLimit,
        LabelLimit = Count(section, "label_limit") ?? inherited.LabelLimit,
        LabelNameLengthLimit = Count(section, "label_name_length_limit") ?? inherited.LabelNameLengthLimit,
        LabelValueLengthLimit = Count(section, "label_value_length_limit") ?? inherited.LabelValueLengthLimit,
        BodySizeLimit = Size(section, "body_size_limit") ?? inherited.BodySizeLimit,
    };

    private static int? Count(YamlSection section, string key)
    {
        string? text = section.GetString(key);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw section.Error(key, $"expected a non-negative integer, got \"{text}\"");
        return n;
    }

    private static long? Size(YamlSection section, string key)
    {
        string? text = section.GetString(key);
        if (text is null) return null;
        if (!TryParseByteSize(text, out long bytes))
            throw section.Error(key, $"invalid size \"{text}\" (use e.g. 0, 512KB, 10MB; units B, KB, MB, GB, TB, PB, EB or KiB, MiB, ...)");
        return bytes;
    }

    /// <summary>
    /// Parses Prometheus's base-2 byte sizes: <c>0</c>, or numbers with units (<c>10MB</c>, <c>1.5KiB</c>, <c>1GB512MB</c>);
    /// KB and KiB both mean 1024. A bare number other than 0 has no unit and is refused, as Prometheus does.
    /// </summary>
    public static bool TryParseByteSize(string text, out long bytes)
    {
        bytes = 0;
        if (text == "0") return true;
        ReadOnlySpan<char> s = text;
        if (s.IsEmpty) return false;
        double total = 0;
        while (!s.IsEmpty)
        {
            int n = 0;
            while (n < s.Length && (char.IsAsciiDigit(s[n]) || s[n] == '.')) n++;
            if (n == 0 || !double.TryParse(s[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number)) return false;
            s = s[n..];
            int u = 0;
            while (u < s.Length && char.IsAsciiLetter(s[u])) u++;
            long scale = UnitScale(s[..u]);
            if (scale == 0) return false;
            s = s[u..];
            total += number * scale;
        }
        if (total >= long.MaxValue) return false;
        bytes = (long)total;
        return true;
    }

    private static long UnitScale(ReadOnlySpan<char> unit) => unit switch
    {
        "B" => 1,
        "KB" or "KiB" => 1L << 10,
        "MB" or "MiB" => 1L << 20,
        "GB" or "GiB" => 1L << 30,
        "TB" or "TiB" => 1L << 40,
        "PB" or "PiB" => 1L << 50,
        "EB" or "EiB" => 1L << 60,
        _ => 0,
    };
}
