namespace Metrics.Alerting.Rules;

/// <summary>A rule evaluation that failed; the message is what /api/v1/rules shows as lastError.</summary>
public sealed class RuleEvaluationException(string message, Exception? inner = null) : Exception(message, inner);
