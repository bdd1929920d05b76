namespace Metrics.Query.Engine;

/// <summary>The HTTP API's <c>errorType</c> values.</summary>
public enum QueryErrorType
{
    BadData,
    Execution,
    Timeout,
    Canceled,
    Internal,
}
