namespace Metrics.Query.Ast;

/// <summary>A float literal such as <c>1</c>, <c>-2.5e3</c>, <c>Inf</c>, or a duration used as seconds (<c>5m</c> is 300).</summary>
public sealed record NumberLiteral(double Value) : Expr
{
    /// <summary>True when the literal was written as a duration, so the printer writes it back as one.</summary>
    public bool IsDuration { get; init; }

    public override ValueType Type => ValueType.Scalar;
}
