namespace Metrics.Query.Engine;

/// <summary>A query that cannot be answered, with the API error type that describes why.</summary>
public sealed class QueryException(QueryErrorType errorType, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public QueryErrorType ErrorType { get; } = errorType;
}
