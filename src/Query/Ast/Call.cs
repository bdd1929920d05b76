namespace Metrics.Query.Ast;

/// <summary>A function call <c>name(args)</c>; the arguments were type-checked against <see cref="Func"/> by the parser.</summary>
public sealed record Call(FunctionInfo Func, IReadOnlyList<Expr> Args) : Expr
{
    public override ValueType Type => Func.ReturnType;
}
