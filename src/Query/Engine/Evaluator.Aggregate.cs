using System.Globalization;
using Metrics.Query.Ast;
using Metrics.Query.Functions;
using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    private EvalValue EvalAggregate(AggregateExpr a)
    {
        EvalValue input = Eval(a.Expr);
        if (input is not VectorSteps vector)
            throw new QueryException(QueryErrorType.Execution, $"expected instant vector in aggregation, got {input.GetType().Name}");
        double[]? param = null;
        string? labelParam = null;
        if (a.Param is not null)
        {
            EvalValue p = Eval(a.Param);
            if (p is ScalarSteps s)
            {
                param = s.Values;
                if (a.Op == AggregateOp.Quantile) WarnQuantiles(a.Param, param);
            }
            else if (p is StringResult str) labelParam = str.Value;
        }
        return a.Op switch
        {
            AggregateOp.Topk or AggregateOp.Bottomk or AggregateOp.Limitk or AggregateOp.LimitRatio => SelectK(a, vector, param!),
            AggregateOp.CountValues => CountValues(a, vector, labelParam ?? ""),
            _ => Reduce(a, vector, param),
        };
    }

    /// <summary>"quantile value should be between 0 and 1" for every step whose q is outside [0, 1] or NaN.</summary>
    private void WarnQuantiles(Expr at, double[] q)
    {
        foreach (double v in q)
        {
            if (v is >= 0 and <= 1) continue;
            _query.Warn(at, $"quantile value should be between 0 and 1, got {Store.Samples.PromFloat.Format(v)}");
        }
    }

    /// <summary>Each series' group: its index into the group list, and the group's output labels.</summary>
    private static (int[] GroupOf, List<LabelSet> Groups) Group(AggregateExpr a, List<StepSeries> series)
    {
        var index = new Dictionary<LabelSet, int>();
        var groups = new List<LabelSet>();
        var groupOf = new int[series.Count];
        var grouping = new HashSet<string>(a.Grouping, StringComparer.Ordinal);
        for (int s = 0; s < series.Count; s++)
        {
            LabelSetBuilder b;
            if (a.Without)
            {
                b = StepSeries.WithoutName(series[s].Labels).ToBuilder();
                foreach (string name in a.Grouping) b.Delete(name);
            }
            else
            {
                b = new LabelSetBuilder();
                foreach (Label l in series[s].Labels.AsSpan())
                    if (grouping.Contains(l.Name)) b.Set(l.Name, l.Value);
            }
            LabelSet key = b.Build();
            if (!index.TryGetValue(key, out int g))
            {
                g = groups.Count;
                index[key] = g;
                groups.Add(key);
            }
            groupOf[s] = g;
        }
        return (groupOf, groups);
    }

    private VectorSteps Reduce(AggregateExpr a, VectorSteps vector, double[]? param)
    {
        var (groupOf, groups) = Group(a, vector.Series);
        var outputs = groups.ConvertAll(g => new StepSeries(g, _steps));
        // Delayed name removal: a group drops the name if any member would have.
        for (int s = 0; s < vector.Series.Count; s++) outputs[groupOf[s]].DropName |= vector.Series[s].DropName;
        switch (a.Op)
        {
            case AggregateOp.Sum: ReduceSeriesMajor<SumAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Avg: ReduceSeriesMajor<AvgAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Min: ReduceSeriesMajor<MinAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Max: ReduceSeriesMajor<MaxAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Count: ReduceSeriesMajor<CountAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Group: ReduceSeriesMajor<GroupAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Stdvar: ReduceSeriesMajor<StdvarAccumulator>(vector.Series, groupOf, outputs); break;
            case AggregateOp.Stddev: ReduceSeriesMajor<StddevAccumulator>(vector.Series, groupOf, outputs); break;
            default: ReduceStepMajor(a, vector, param, groupOf, outputs); break;
        }
        return new VectorSteps(outputs.Where(o => o.Count > 0).ToList());
    }

    /// <summary>
    /// One accumulator per group and step, fed series by series: each series' values are read in
    /// order instead of one value from every series per step, which at thousands of series is a
    /// cache miss per value. Each (group, step) still sees its members in input-series order, so
    /// the floating-point result is the same as Prometheus's step-by-step loop.
    /// </summary>
    private void ReduceSeriesMajor<TAccumulator>(List<StepSeries> series, int[] groupOf, List<StepSeries> outputs)
        where TAccumulator : struct, IFloatAccumulator
    {
        var accumulators = new TAccumulator[outputs.Count][];
        for (int s = 0; s < series.Count; s++)
        {
            int g = groupOf[s];
            TAccumulator[] acc = accumulators[g] ??= new TAccumulator[_steps];
            bool[] present = series[s].Present, groupPresent = outputs[g].Present;
            double[] values = series[s].Values;
            for (int i = 0; i < acc.Length; i++)
            {
                if (!present[i]) continue;
                acc[i].Add(values[i]);
                groupPresent[i] = true;
            }
        }
        for (int g = 0; g < outputs.Count; g++)
        {
            TAccumulator[]? acc = accumulators[g];
            if (acc is null) continue;
            bool[] present = outputs[g].Present;
            double[] values = outputs[g].Values;
            for (int i = 0; i < acc.Length; i++)
                if (present[i]) values[i] = acc[i].Result;
        }
    }

    /// <summary>Operators whose group state is not a fixed-size accumulator (quantile): step by step.</summary>
    private void ReduceStepMajor(AggregateExpr a, VectorSteps vector, double[]? param, int[] groupOf, List<StepSeries> outputs)
    {
        var accumulators = new GroupAggregator[outputs.Count];
        for (int g = 0; g < accumulators.Length; g++) accumulators[g] = new GroupAggregator(a.Op);
        for (int i = 0; i < _steps; i++)
        {
            foreach (GroupAggregator acc in accumulators) acc.Reset();
            for (int s = 0; s < vector.Series.Count; s++)
            {
                StepSeries series = vector.Series[s];
                if (series.Present[i]) accumulators[groupOf[s]].Add(series.Values[i]);
            }
            for (int g = 0; g < accumulators.Length; g++)
            {
                if (accumulators[g].Count == 0) continue;
                outputs[g].Set(i, accumulators[g].Result(param is null ? 0 : param[i]));
            }
        }
    }

    private VectorSteps SelectK(AggregateExpr a, VectorSteps vector, double[] param)
    {
        foreach (double p in param)
        {
            if (!double.IsNaN(p)) continue;
            throw new QueryException(QueryErrorType.Execution, a.Op == AggregateOp.LimitRatio ? "Ratio value is NaN" : "Parameter value is NaN");
        }
        var (groupOf, groups) = Group(a, vector.Series);
        var outputs = vector.Series.ConvertAll(s => new StepSeries(s.Labels, _steps, s.DropName));
        var members = new List<int>[groups.Count];
        var picked = new List<int>();
        for (int g = 0; g < members.Length; g++) members[g] = [];
        for (int i = 0; i < _steps; i++)
        {
            foreach (List<int> m in members) m.Clear();
            for (int s = 0; s < vector.Series.Count; s++)
                if (vector.Series[s].Present[i]) members[groupOf[s]].Add(s);
            double p = param[i];
            foreach (List<int> m in members)
            {
                if (m.Count == 0) continue;
                foreach (int s in Pick(a.Op, m, vector.Series, i, p))
                {
                    outputs[s].Set(i, vector.Series[s].Values[i]);
                    if (_steps == 1) picked.Add(s);
                }
            }
        }
        // An instant query lists each group's picks in rank order, as Prometheus does.
        if (_steps == 1) return new VectorSteps(picked.ConvertAll(s => outputs[s]));
        return new VectorSteps(outputs.Where(o => o.Count > 0).ToList());
    }

    private static IEnumerable<int> Pick(AggregateOp op, List<int> members, List<StepSeries> series, int step, double param)
    {
        if (op == AggregateOp.LimitRatio)
        {
            // Series are kept by a stable hash of their labels, so the same ones stay in across steps.
            double ratio = Math.Clamp(param, -1, 1);
            foreach (int s in members)
            {
                double position = (series[s].Labels.StableHash % 1_000_000) / 1_000_000.0;
                if (ratio >= 0 ? position < ratio : position >= 1 + ratio) yield return s;
            }
            yield break;
        }
        if (double.IsNaN(param) || param < 1) yield break;
        int k = param >= members.Count ? members.Count : (int)param;
        if (op == AggregateOp.Limitk)
        {
            foreach (int s in members.OrderBy(s => series[s].Labels.StableHash).Take(k)) yield return s;
            yield break;
        }
        var heap = new GoValueHeap(reverse: op == AggregateOp.Bottomk);
        foreach (int s in members) heap.Offer(s, series[s].Values[step], k);
        foreach (int s in heap.Ranked()) yield return s;
    }

    private VectorSteps CountValues(AggregateExpr a, VectorSteps vector, string label)
    {
        if (!LabelNames.IsValidLabelName(label))
            throw new QueryException(QueryErrorType.Execution, $"invalid label name \"{label}\"");
        var (groupOf, groups) = Group(a, vector.Series);
        var outputs = new Dictionary<LabelSet, StepSeries>();
        var counts = new Dictionary<LabelSet, int>();
        for (int i = 0; i < _steps; i++)
        {
            counts.Clear();
            for (int s = 0; s < vector.Series.Count; s++)
            {
                if (!vector.Series[s].Present[i]) continue;
                string value = Store.Samples.PromFloat.FormatFixed(vector.Series[s].Values[i]);
                LabelSet key = groups[groupOf[s]].ToBuilder().Set(label, value).Build();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            foreach (var (key, count) in counts)
            {
                if (!outputs.TryGetValue(key, out StepSeries? output)) outputs[key] = output = new StepSeries(key, _steps);
                output.Set(i, count);
            }
        }
        return new VectorSteps([.. outputs.Values]);
    }
}
