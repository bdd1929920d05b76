namespace Metrics.Query.Ast;

/// <summary>Facts about <see cref="AggregateOp"/>: spelling, whether it takes a parameter and of which type.</summary>
public static class AggregateOps
{
    public static string Name(this AggregateOp op) => op switch
    {
        AggregateOp.Sum => "sum",
        AggregateOp.Avg => "avg",
        AggregateOp.Count => "count",
        AggregateOp.Min => "min",
        AggregateOp.Max => "max",
        AggregateOp.Group => "group",
        AggregateOp.Stddev => "stddev",
        AggregateOp.Stdvar => "stdvar",
        AggregateOp.Topk => "topk",
        AggregateOp.Bottomk => "bottomk",
        AggregateOp.CountValues => "count_values",
        AggregateOp.Quantile => "quantile",
        AggregateOp.Limitk => "limitk",
        _ => "limit_ratio",
    };

    /// <summary>Aggregators are keywords, so their names match case-insensitively (<c>SUM(x)</c> is <c>sum(x)</c>).</summary>
    public static bool TryParse(string name, out AggregateOp op)
    {
        foreach (AggregateOp candidate in Enum.GetValues<AggregateOp>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                op = candidate;
                return true;
            }
        }
        op = default;
        return false;
    }

    /// <summary>True for the aggregators written <c>op(param, expr)</c>.</summary>
    public static bool HasParam(this AggregateOp op) =>
        op is AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.CountValues or AggregateOp.Quantile
            or AggregateOp.Limitk or AggregateOp.LimitRatio;

    /// <summary>The parameter's type: a string label name for count_values, a scalar otherwise.</summary>
    public static ValueType ParamType(this AggregateOp op) =>
        op == AggregateOp.CountValues ? ValueType.String : ValueType.Scalar;

    /// <summary>limitk and limit_ratio are behind Prometheus's experimental-functions flag.</summary>
    public static bool IsExperimental(this AggregateOp op) => op is AggregateOp.Limitk or AggregateOp.LimitRatio;
}
