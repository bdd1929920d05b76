namespace Metrics.Query.Ast;

/// <summary>PromQL's four value types, named as the HTTP API's <c>resultType</c> names them.</summary>
public enum ValueType
{
    Scalar,
    String,
    Vector,
    Matrix,
}
