namespace Metrics.Query.Ast;

/// <summary>What an <c>@</c> modifier pins evaluation to: nothing, a fixed timestamp, or the query's start or end.</summary>
public enum AtModifierKind
{
    None,
    Timestamp,
    Start,
    End,
}
