using Metrics.Query.Parser;

namespace Metrics.Alerting.Rules;

/// <summary>What recording and alerting rules share: the definition and the outcome of the last evaluation.</summary>
public abstract class Rule(RuleDefinition definition)
{
    private readonly Lock _lock = new();
    private RuleHealth _health;
    private string? _lastError;
    private DateTimeOffset? _lastEvaluation;
    private TimeSpan _evaluationTime;

    public RuleDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    /// <summary>The expression in Prometheus's canonical form, as /api/v1/rules shows it.</summary>
    public string Query { get; } = PromQLPrinter.Print(definition.Parsed);

    public RuleHealth Health { get { lock (_lock) return _health; } }
    public string? LastError { get { lock (_lock) return _lastError; } }
    public DateTimeOffset? LastEvaluation { get { lock (_lock) return _lastEvaluation; } }
    public TimeSpan EvaluationTime { get { lock (_lock) return _evaluationTime; } }

    internal void Record(DateTimeOffset at, TimeSpan took, string? error)
    {
        lock (_lock)
        {
            _lastEvaluation = at;
            _evaluationTime = took;
            _health = error is null ? RuleHealth.Good : RuleHealth.Bad;
            _lastError = error;
        }
    }
}
