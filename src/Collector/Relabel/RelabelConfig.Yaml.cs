using System.Globalization;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Relabel;

public sealed partial class RelabelConfig
{
    private static readonly string[] Fields =
        ["source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action"];

    /// <summary>Reads the list under <paramref name="key"/> (e.g. <c>relabel_configs</c>); absent means empty.</summary>
    /// <exception cref="ConfigException">A step is malformed or invalid; the error names file, line and field.</exception>
    public static IReadOnlyList<RelabelConfig> ParseList(YamlSection parent, string key)
    {
        IReadOnlyList<YamlSection> sections = parent.GetSectionList(key);
        if (sections.Count == 0) return [];
        var result = new RelabelConfig[sections.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Parse(sections[i]);
        return result;
    }

    /// <summary>Reads one step, applying Prometheus's defaults and validation.</summary>
    /// <remarks>
    /// As with Prometheus's YAML decoder, a key given with an empty (null) value is the zero
    /// value, not the default: <c>regex:</c> is the empty regex (matching only ""),
    /// <c>replacement:</c> and <c>separator:</c> are "", and <c>action:</c> is an error.
    /// </remarks>
    /// <exception cref="ConfigException">The step is malformed or invalid.</exception>
    public static RelabelConfig Parse(YamlSection section)
    {
        section.AllowOnly(Fields);
        var present = new HashSet<string>(section.Keys, StringComparer.Ordinal);

        RelabelAction action = RelabelAction.Replace;
        if (present.Contains("action"))
        {
            string? name = section.GetString("action");
            if (string.IsNullOrEmpty(name)) throw section.Error("action", "relabel action cannot be empty");
            if (!TryParseAction(name, out action)) throw section.Error("action", $"unknown relabel action \"{name}\"");
        }

        string[]? sources = null;
        if (section.Has("source_labels")) sources = [.. section.GetStringList("source_labels")];

        string separator = Scalar(section, present, "separator", DefaultSeparator);
        string replacement = Scalar(section, present, "replacement", DefaultReplacement);
        string targetLabel = Scalar(section, present, "target_label", "");
        string? pattern = present.Contains("regex") ? section.GetString("regex") ?? "" : null;
        ulong modulus = ParseModulus(section);

        RelabelRegex regex;
        try
        {
            regex = pattern is null ? RelabelRegex.Default : RelabelRegex.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw section.Error("regex", e.Message);
        }

        var config = new RelabelConfig(action, sources, separator, regex, pattern is not null, modulus, targetLabel, replacement);
        if (config.FindProblem(sourceLabelsSet: sources is not null) is { } problem)
            throw section.Error(problem.Field, problem.Message);
        return config;
    }

    /// <summary>Parses an action name case-insensitively, as Prometheus does.</summary>
    public static bool TryParseAction(string name, out RelabelAction action)
    {
        foreach (RelabelAction candidate in Enum.GetValues<RelabelAction>())
        {
            if (string.Equals(ActionName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                action = candidate;
                return true;
            }
        }
        action = default;
        return false;
    }

    // Absent: the default. Present but null: "" (Go's zero value). Otherwise the text.
    private static string Scalar(YamlSection section, HashSet<string> present, string key, string fallback)
        => present.Contains(key) ? section.GetString(key) ?? "" : fallback;

    private static ulong ParseModulus(YamlSection section)
    {
        string? text = section.GetString("modulus");
        if (text is null) return 0;
        if (!TryParseYamlUInt(text, out ulong value))
            throw section.Error("modulus", $"cannot unmarshal \"{text}\" into a non-negative integer");
        return value;
    }

    // YAML 1.1 integers as Prometheus's decoder reads them: decimal, 0x hex, 0o or leading-0
    // octal, 0b binary, with '_' separators and an optional '+'.
    private static bool TryParseYamlUInt(string text, out ulong value)
    {
        value = 0;
        string s = text.Replace("_", "", StringComparison.Ordinal);
        if (s.StartsWith('+')) s = s[1..];
        if (s.Length == 0) return false;
        int radix = 10;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) { radix = 16; s = s[2..]; }
        else if (s.StartsWith("0b", StringComparison.OrdinalIgnoreCase)) { radix = 2; s = s[2..]; }
        else if (s.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) { radix = 8; s = s[2..]; }
        else if (s.Length > 1 && s[0] == '0') { radix = 8; s = s[1..]; }
        if (s.Length == 0) return false;
        if (radix == 10) return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (radix == 16) return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        foreach (char c in s)
        {
            int digit = c - '0';
            if (digit < 0 || digit >= radix) return false;
            ulong next = unchecked(value * (ulong)radix + (ulong)digit);
            if ((next - (ulong)digit) / (ulong)radix != value) return false;   // overflow
            value = next;
        }
        return true;
    }
}
