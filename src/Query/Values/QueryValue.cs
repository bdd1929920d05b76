namespace Metrics.Query.Values;

/// <summary>The result of evaluating a query: a scalar, a string, an instant vector or a range matrix.</summary>
public abstract record QueryValue
{
    public abstract Ast.ValueType Type { get; }
}
