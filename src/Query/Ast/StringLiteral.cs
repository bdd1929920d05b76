namespace Metrics.Query.Ast;

/// <summary>A quoted string literal.</summary>
public sealed record StringLiteral(string Value) : Expr
{
    public override ValueType Type => ValueType.String;
}
