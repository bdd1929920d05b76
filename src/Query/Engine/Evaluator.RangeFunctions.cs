using Metrics.Query.Ast;
using Metrics.Query.Functions;
using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>Functions over a range vector: the kernel, and whether the result keeps the metric name.</summary>
    private static readonly Dictionary<string, (RangeKernel Kernel, bool KeepName)> RangeFunctions = new(StringComparer.Ordinal)
    {
        ["rate"] = ((w, in r) => RangeKernels.Rate(w, r.StartMs, r.EndMs, r.NoCounterResets), false),
        ["increase"] = ((w, in r) => RangeKernels.Increase(w, r.StartMs, r.EndMs, r.NoCounterResets), false),
        ["delta"] = ((w, in r) => RangeKernels.Delta(w, r.StartMs, r.EndMs), false),
        ["irate"] = ((w, in r) => RangeKernels.IRate(w), false),
        ["idelta"] = ((w, in r) => RangeKernels.IDelta(w), false),
        ["deriv"] = ((w, in r) => RangeKernels.Deriv(w), false),
        ["predict_linear"] = ((w, in r) => RangeKernels.PredictLinear(w, r.EvalMs, r.Arg1), false),
        ["resets"] = ((w, in r) => RangeKernels.Resets(w), false),
        ["changes"] = ((w, in r) => RangeKernels.Changes(w), false),
        ["avg_over_time"] = ((w, in r) => RangeKernels.AvgOverTime(w), false),
        ["sum_over_time"] = ((w, in r) => RangeKernels.SumOverTime(w), false),
        ["count_over_time"] = ((w, in r) => RangeKernels.CountOverTime(w), false),
        ["present_over_time"] = ((w, in r) => RangeKernels.PresentOverTime(w), false),
        ["last_over_time"] = ((w, in r) => RangeKernels.LastOverTime(w), true),
        ["first_over_time"] = ((w, in r) => RangeKernels.FirstOverTime(w), true),
        ["ts_of_last_over_time"] = ((w, in r) => RangeKernels.TsOfLastOverTime(w), false),
        ["ts_of_first_over_time"] = ((w, in r) => RangeKernels.TsOfFirstOverTime(w), false),
        ["max_over_time"] = ((w, in r) => RangeKernels.MaxOverTime(w), false),
        ["min_over_time"] = ((w, in r) => RangeKernels.MinOverTime(w), false),
        ["ts_of_max_over_time"] = ((w, in r) => RangeKernels.TsOfMaxOverTime(w), false),
        ["ts_of_min_over_time"] = ((w, in r) => RangeKernels.TsOfMinOverTime(w), false),
        ["quantile_over_time"] = ((w, in r) => RangeKernels.QuantileOverTime(r.Arg1, w), false),
        ["stddev_over_time"] = ((w, in r) => RangeKernels.StddevOverTime(w), false),
        ["stdvar_over_time"] = ((w, in r) => RangeKernels.StdvarOverTime(w), false),
        ["mad_over_time"] = ((w, in r) => RangeKernels.MadOverTime(w), false),
        ["double_exponential_smoothing"] = ((w, in r) => RangeKernels.DoubleExponentialSmoothing(w, r.Arg1, r.Arg2), false),
        ["holt_winters"] = ((w, in r) => RangeKernels.DoubleExponentialSmoothing(w, r.Arg1, r.Arg2), false),
    };

    /// <summary>"metric might not be a counter" for rate/increase over a name without a counter suffix.</summary>
    private void InfoNonCounter(Expr arg, LabelSet labels)
    {
        string name = labels.MetricName;
        if (name.Length == 0 || name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal)
            || name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal)) return;
        _query.Info(arg, $"metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"{name}\"");
    }

    /// <summary>Scalar arguments are evaluated per step; the range argument's position depends on the function.</summary>
    private VectorSteps CallRange(Call call, RangeKernel kernel, bool keepName)
    {
        int rangeArg = call.Func.Name == "quantile_over_time" ? 1 : 0;
        if (call.Args[rangeArg] is MatrixSelector { Selector: var selector } && ExtendedRangeModifiers.Check(call.Func.Name, selector) is { } misuse)
            throw new QueryException(QueryErrorType.Execution, misuse);
        double[]? arg1 = null, arg2 = null;
        if (call.Func.Name == "quantile_over_time")
        {
            arg1 = Scalar(call.Args[0]);
            WarnQuantiles(call.Args[0], arg1);
        }
        else if (call.Args.Count > 1) arg1 = Scalar(call.Args[1]);
        if (call.Args.Count > 2) arg2 = Scalar(call.Args[2]);
        if (call.Func.Name is "double_exponential_smoothing" or "holt_winters")
        {
            for (int i = 0; i < _steps; i++)
            {
                if (RangeKernels.SmoothingFactorError(arg1![i], arg2![i]) is { } error)
                    throw new QueryException(QueryErrorType.Execution, error);
            }
        }
        RangeSource source = ReadRange(call.Args[rangeArg]);
        Expr? counterInfo = call.Func.Name is "rate" or "increase" ? call.Args[rangeArg] : null;
        return EvalRangeFunction(source, kernel, dropName: !keepName, arg1, arg2, call.Func.Name, counterInfo);
    }
}
