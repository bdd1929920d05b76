using Metrics.Query.Values;

namespace Metrics.Query.Engine;

/// <summary>Evaluates PromQL text; what the HTTP API, rules and the adapter call.</summary>
public interface IQueryEngine
{
    /// <summary>Evaluates <paramref name="query"/> at one instant.</summary>
    QueryValue InstantQuery(string query, long timeMs, CancellationToken ct = default);

    /// <summary>Evaluates at every step from start to end inclusive; the result is always a matrix.</summary>
    MatrixValue RangeQuery(string query, long startMs, long endMs, long stepMs, CancellationToken ct = default);
}
