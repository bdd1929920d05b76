namespace Metrics.Alerting.Rules;

/// <summary>A rule group as written in a rule file: rules evaluated in order at one interval.</summary>
public sealed class RuleGroupDefinition
{
    public required string Name { get; init; }

    /// <summary>The file the group came from; with the name it identifies the group.</summary>
    public required string File { get; init; }

    /// <summary>Null means the global <c>evaluation_interval</c>.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>0 means unlimited; otherwise the most series a recording rule or alerts an alerting rule may produce.</summary>
    public int Limit { get; init; }

    /// <summary>Prometheus 3's <c>query_offset</c>: evaluate this far in the past; null means the global default (0).</summary>
    public TimeSpan? QueryOffset { get; init; }

    public required IReadOnlyList<RuleDefinition> Rules { get; init; }
}
