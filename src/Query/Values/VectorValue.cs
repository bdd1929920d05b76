namespace Metrics.Query.Values;

/// <summary>An instant vector: at most one sample per series, all at the evaluation time.</summary>
public sealed record VectorValue(IReadOnlyList<VectorSample> Samples) : QueryValue
{
    public override Ast.ValueType Type => Ast.ValueType.Vector;
}
