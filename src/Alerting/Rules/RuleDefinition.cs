using Metrics.Query.Ast;

namespace Metrics.Alerting.Rules;

/// <summary>One rule of a rule file as written: a recording rule (<see cref="Record"/>) or an alerting rule (<see cref="Alert"/>).</summary>
public sealed class RuleDefinition
{
    public string? Record { get; init; }
    public string? Alert { get; init; }
    public required string Expr { get; init; }

    /// <summary>The parsed expression, so evaluation never re-parses what the file check already parsed.</summary>
    public required Expr Parsed { get; init; }

    public TimeSpan For { get; init; }
    public TimeSpan KeepFiringFor { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];

    /// <summary>The rule's name: the recorded metric or the alert name.</summary>
    public string Name => Record ?? Alert ?? "";
}
