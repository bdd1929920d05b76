namespace Metrics.Query.Values;

/// <summary>A single float at the evaluation time.</summary>
public sealed record ScalarValue(long TimestampMs, double Value) : QueryValue
{
    public override Ast.ValueType Type => Ast.ValueType.Scalar;
}
