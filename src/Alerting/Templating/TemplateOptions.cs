namespace Metrics.Alerting.Templating;

/// <summary>What a template's environment provides: the <c>query</c> function and the server's URL.</summary>
public sealed class TemplateOptions
{
    public static readonly TemplateOptions Empty = new();

    /// <summary>Runs a PromQL instant query for the <c>query</c> function; null where querying is not possible.</summary>
    public Func<string, IReadOnlyList<TemplateSample>>? Query { get; init; }

    public string ExternalUrl { get; init; } = "";

    public string PathPrefix { get; init; } = "";

    /// <summary>
    /// A bound on nodes executed, so a template can never hang its caller. Rule templates keep the small default;
    /// notification templates raise it, since a big group's alert list is legitimately long.
    /// </summary>
    public int MaxSteps { get; init; } = 100_000;
}
