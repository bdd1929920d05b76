namespace Metrics.Query.Values;

/// <summary>A string at the evaluation time.</summary>
public sealed record StringValue(long TimestampMs, string Value) : QueryValue
{
    public override Ast.ValueType Type => Ast.ValueType.String;
}
