using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>An <c>inhibit_rules</c> entry: alerts matching the target are muted while a source alert with equal labels fires.</summary>
public sealed class InhibitRuleConfig
{
    public IReadOnlyList<LabelMatcher> SourceMatchers { get; init; } = [];
    public IReadOnlyList<LabelMatcher> TargetMatchers { get; init; } = [];
    public IReadOnlyList<string> Equal { get; init; } = [];

    public static InhibitRuleConfig Parse(YamlSection s)
    {
        s.AllowOnly("source_match", "source_match_re", "source_matchers", "target_match", "target_match_re", "target_matchers", "equal");
        var source = MatcherFields.ParseEqualMap(s, "source_match");
        source.AddRange(MatcherFields.ParseRegexMap(s, "source_match_re"));
        source.AddRange(MatcherFields.ParseMatchers(s, "source_matchers"));
        var target = MatcherFields.ParseEqualMap(s, "target_match");
        target.AddRange(MatcherFields.ParseRegexMap(s, "target_match_re"));
        target.AddRange(MatcherFields.ParseMatchers(s, "target_matchers"));
        IReadOnlyList<string> equal = s.GetStringList("equal");
        foreach (string name in equal)
            if (!LabelNames.IsValidLabelName(name)) throw s.Error("equal", $"invalid label name \"{name}\"");
        return new InhibitRuleConfig { SourceMatchers = source, TargetMatchers = target, Equal = equal };
    }
}
