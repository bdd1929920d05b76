using Metrics.Store.Configuration;

namespace Metrics.Alerting.Rules;

/// <summary>A parsed rule file: its groups, or every problem found (as <c>promtool check rules</c> lists them).</summary>
public sealed class RuleFile
{
    public required string Path { get; init; }
    public IReadOnlyList<RuleGroupDefinition> Groups { get; init; } = [];
    public IReadOnlyList<ConfigException> Errors { get; init; } = [];

    public bool IsValid => Errors.Count == 0;

    public int RuleCount => Groups.Sum(g => g.Rules.Count);
}
