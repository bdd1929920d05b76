namespace Metrics.Store.Abstractions;

/// <summary>Storage that can be read over a time range; what PromQL, rules and the adapter depend on.</summary>
public interface ISeriesQueryable
{
    /// <summary>A reader over samples with <paramref name="minTimeMs"/> &lt;= t &lt;= <paramref name="maxTimeMs"/>.</summary>
    ISeriesQuerier Querier(long minTimeMs, long maxTimeMs);
}
