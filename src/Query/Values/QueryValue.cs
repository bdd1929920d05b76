namespace Metrics.Query.Values;

/// <summary>The result of evaluating a query: a scalar, a string, an instant vector or a range matrix.</summary>
public abstract record QueryValue
{
    public abstract Ast.ValueType Type { get; }

    /// <summary>Prometheus's warning annotations ("PromQL warning: ... (line:col)"), in the order raised.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Prometheus's info annotations ("PromQL info: ... (line:col)").</summary>
    public IReadOnlyList<string> Infos { get; init; } = [];
}
