namespace Metrics.Query.Functions;

/// <summary>The outcome of <see cref="HistogramQuantile.BucketQuantile"/>: the quantile plus what Prometheus reports about repairs to the bucket counts.</summary>
/// <param name="Value">The estimated quantile.</param>
/// <param name="ForcedMonotonicity">A count decreased between buckets and was raised; Prometheus then adds the "input to histogram_quantile needed to be fixed for monotonicity" info annotation.</param>
/// <param name="FixedPrecision">A relative difference below 1e-12 between buckets was ignored as floating-point noise (no annotation).</param>
/// <param name="MinBucket">Lowest upper bound whose count was raised; only meaningful when <paramref name="ForcedMonotonicity"/>.</param>
/// <param name="MaxBucket">Highest upper bound whose count was raised; only meaningful when <paramref name="ForcedMonotonicity"/>.</param>
/// <param name="MaxDiff">Largest decrease that was removed; only meaningful when <paramref name="ForcedMonotonicity"/>.</param>
public readonly record struct BucketQuantileResult(
    double Value,
    bool ForcedMonotonicity,
    bool FixedPrecision,
    double MinBucket,
    double MaxBucket,
    double MaxDiff);
