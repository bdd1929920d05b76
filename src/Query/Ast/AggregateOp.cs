namespace Metrics.Query.Ast;

/// <summary>PromQL's aggregation operators; <see cref="AggregateOps"/> knows their names and parameters.</summary>
public enum AggregateOp
{
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,
}
