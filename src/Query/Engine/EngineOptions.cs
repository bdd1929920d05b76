namespace Metrics.Query.Engine;

/// <summary>Limits and defaults of the query engine, named after Prometheus's flags.</summary>
public sealed class EngineOptions
{
    /// <summary><c>--query.lookback-delta</c>: how far back an instant selector looks for a sample.</summary>
    public TimeSpan LookbackDelta { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>--query.max-samples</c>: the most points one query may hold in memory.</summary>
    public int MaxSamples { get; init; } = 50_000_000;

    /// <summary>The step of a subquery written without one (<c>x[1h:]</c>): Prometheus's global evaluation interval.</summary>
    public TimeSpan DefaultSubqueryStep { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>--query.max-concurrency</c>: queries evaluated at once; more wait their turn.</summary>
    public int MaxConcurrency { get; init; } = 20;

    /// <summary><c>--query.timeout</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The most steps a range query may have (Prometheus's 11,000 points per series).</summary>
    public int MaxPointsPerSeries { get; init; } = 11_000;
}
