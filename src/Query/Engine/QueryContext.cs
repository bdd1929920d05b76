namespace Metrics.Query.Engine;

/// <summary>State shared by an evaluation and its nested subquery evaluations: the outer range, cancellation and the sample budget.</summary>
internal sealed class QueryContext(long startMs, long endMs, long stepMs, EngineOptions options, CancellationToken cancellation)
{
    private long _samples;

    /// <summary>The outermost query's start, for <c>@ start()</c>.</summary>
    public long StartMs { get; } = startMs;

    /// <summary>The outermost query's end, for <c>@ end()</c>.</summary>
    public long EndMs { get; } = endMs;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The outermost query's step (0 for an instant query), for <c>step()</c>.</summary>
    public long StepMs { get; } = stepMs;

    /// <summary>Counts loaded points against <c>--query.max-samples</c>.</summary>
    public void AddSamples(long count)
    {
        if (Interlocked.Add(ref _samples, count) > options.MaxSamples)
            throw new QueryException(QueryErrorType.Execution, "query processing would load too many samples into memory in query execution");
    }
}
