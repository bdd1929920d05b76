namespace Metrics.Query.Ast;

/// <summary>The names Prometheus uses for value types in messages.</summary>
public static class ValueTypeNames
{
    /// <summary>The documented name: "scalar", "string", "instant vector", "range vector".</summary>
    public static string Documented(this ValueType type) => type switch
    {
        ValueType.Scalar => "scalar",
        ValueType.String => "string",
        ValueType.Vector => "instant vector",
        _ => "range vector",
    };

    /// <summary>The API's <c>resultType</c> name: "scalar", "string", "vector", "matrix".</summary>
    public static string ApiName(this ValueType type) => type switch
    {
        ValueType.Scalar => "scalar",
        ValueType.String => "string",
        ValueType.Vector => "vector",
        _ => "matrix",
    };
}
