using Metrics.Store.Abstractions;

namespace Metrics.Query.Values;

/// <summary>A range result: for each series, its points in time order; series sorted by labels.</summary>
public sealed record MatrixValue(IReadOnlyList<ArraySeries> Series) : QueryValue
{
    public override Ast.ValueType Type => Ast.ValueType.Matrix;
}
