using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>Reads the three ways alertmanager.yml spells matchers: <c>matchers</c> strings, <c>match</c> and <c>match_re</c> maps.</summary>
internal static class MatcherFields
{
    /// <summary>A <c>matchers:</c> list; each entry may itself hold several comma-separated matchers.</summary>
    public static List<LabelMatcher> ParseMatchers(YamlSection section, string key)
    {
        var result = new List<LabelMatcher>();
        foreach (string line in section.GetStringList(key))
        {
            try
            {
                result.AddRange(MatcherParser.ParseList(line));
            }
            catch (FormatException e)
            {
                throw section.Error(key, e.Message);
            }
        }
        return result;
    }

    /// <summary>A <c>match:</c> map of equality matchers.</summary>
    public static List<LabelMatcher> ParseEqualMap(YamlSection section, string key)
    {
        var result = new List<LabelMatcher>();
        foreach (var (name, value) in section.GetStringMap(key))
        {
            if (!LabelNames.IsValidLabelName(name)) throw section.Error(key, $"invalid label name \"{name}\"");
            result.Add(AlertmanagerMatcher.Create(MatcherType.Equal, name, value));
        }
        return result;
    }

    /// <summary>A <c>match_re:</c> map of anchored regular expressions.</summary>
    public static List<LabelMatcher> ParseRegexMap(YamlSection section, string key)
    {
        var result = new List<LabelMatcher>();
        foreach (var (name, value) in section.GetStringMap(key))
        {
            if (!LabelNames.IsValidLabelName(name)) throw section.Error(key, $"invalid label name \"{name}\"");
            try
            {
                result.Add(AlertmanagerMatcher.Create(MatcherType.Regex, name, value));
            }
            catch (ArgumentException e)
            {
                throw section.Error(key, e.Message);
            }
        }
        return result;
    }

    /// <summary>Alertmanager sorts matchers by name, then operator, then value, so route keys are canonical.</summary>
    public static void Sort(List<LabelMatcher> matchers)
        => matchers.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Name, b.Name);
            if (c != 0) return c;
            c = a.Type.CompareTo(b.Type);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
}
