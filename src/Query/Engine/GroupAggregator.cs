using Metrics.Query.Ast;
using Metrics.Query.Functions;

namespace Metrics.Query.Engine;

/// <summary>
/// One aggregation group at one step: feeds values to the numeric accumulator of the operator
/// (Prometheus's Kahan sums, overflow-safe mean, Welford variance, NaN rules for min and max).
/// </summary>
internal sealed class GroupAggregator(AggregateOp op)
{
    private SumAccumulator _sum;
    private AvgAccumulator _avg;
    private MinAccumulator _min;
    private MaxAccumulator _max;
    private StdvarAccumulator _stdvar;
    private StddevAccumulator _stddev;
    private readonly List<double> _values = [];

    public int Count { get; private set; }

    public void Reset()
    {
        Count = 0;
        _sum = default;
        _avg = default;
        _min = default;
        _max = default;
        _stdvar = default;
        _stddev = default;
        _values.Clear();
    }

    public void Add(double value)
    {
        Count++;
        switch (op)
        {
            case AggregateOp.Sum: _sum.Add(value); break;
            case AggregateOp.Avg: _avg.Add(value); break;
            case AggregateOp.Min: _min.Add(value); break;
            case AggregateOp.Max: _max.Add(value); break;
            case AggregateOp.Stdvar: _stdvar.Add(value); break;
            case AggregateOp.Stddev: _stddev.Add(value); break;
            case AggregateOp.Quantile: _values.Add(value); break;
        }
    }

    public double Result(double param) => op switch
    {
        AggregateOp.Sum => _sum.Result,
        AggregateOp.Avg => _avg.Result,
        AggregateOp.Min => _min.Result,
        AggregateOp.Max => _max.Result,
        AggregateOp.Stdvar => _stdvar.Result,
        AggregateOp.Stddev => _stddev.Result,
        AggregateOp.Count => Count,
        AggregateOp.Group => 1,
        AggregateOp.Quantile => AggregationKernels.Quantile(param, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values)),
        _ => double.NaN,
    };
}
