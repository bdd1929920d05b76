namespace Metrics.Query.Ast;

/// <summary>
/// A PromQL function's signature. <see cref="Variadic"/> follows Prometheus: 0 means exactly
/// <see cref="ArgTypes"/>; n &gt; 0 means the last argument type may be omitted or repeated up to n
/// times in total; -1 means it may be repeated without limit.
/// </summary>
public sealed record FunctionInfo(string Name, IReadOnlyList<ValueType> ArgTypes, int Variadic, ValueType ReturnType, bool Experimental)
{
    /// <summary>The fewest arguments a call may pass.</summary>
    public int MinArgs => Variadic == 0 ? ArgTypes.Count : ArgTypes.Count - 1;

    /// <summary>The most arguments a call may pass; <see cref="int.MaxValue"/> when unbounded.</summary>
    public int MaxArgs => Variadic switch
    {
        0 => ArgTypes.Count,
        < 0 => int.MaxValue,
        _ => ArgTypes.Count - 1 + Variadic,
    };

    /// <summary>The expected type of argument <paramref name="index"/>; repeated arguments take the last type.</summary>
    public ValueType ArgType(int index) => ArgTypes[Math.Min(index, ArgTypes.Count - 1)];
}
