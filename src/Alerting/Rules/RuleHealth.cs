namespace Metrics.Alerting.Rules;

/// <summary>How a rule's last evaluation went; shown as <c>unknown</c>, <c>ok</c> or <c>err</c> in /api/v1/rules.</summary>
public enum RuleHealth
{
    Unknown,
    Good,
    Bad,
}
