using System.Globalization;
using Metrics.Query.Ast;
using Metrics.Query.Functions;
using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>One classic histogram: its output labels (no <c>le</c>, no name) and its bucket series.</summary>
    private readonly record struct BucketGroup(LabelSet Labels, List<(int Series, double Bound)> Members);

    /// <summary>histogram_quantile(q, buckets): one value per histogram and step.</summary>
    private VectorSteps HistogramQuantileCall(Call call)
    {
        double[] q = Scalar(call.Args[0]);
        WarnQuantiles(call.Args[0], q);
        var v = (VectorSteps)Eval(call.Args[1]);
        return PerHistogram(v, call.Args[1], (labels, buckets, step) =>
        {
            BucketQuantileResult r = HistogramQuantile.BucketQuantile(q[step], buckets);
            if (r.ForcedMonotonicity)
                _query.Info(call.Args[1], "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name \"" + labels.MetricName + "\"");
            return [(StepSeries.WithoutName(labels), r.Value)];
        });
    }

    /// <summary>histogram_fraction(lower, upper, buckets): the share of observations between two bounds.</summary>
    private VectorSteps HistogramFractionCall(Call call)
    {
        double[] lower = Scalar(call.Args[0]), upper = Scalar(call.Args[1]);
        var v = (VectorSteps)Eval(call.Args[2]);
        return PerHistogram(v, call.Args[2], (labels, buckets, step) => [(StepSeries.WithoutName(labels), HistogramQuantile.BucketFraction(lower[step], upper[step], buckets))]);
    }

    /// <summary>histogram_quantiles(buckets, "label", q...): several quantiles at once, told apart by a label.</summary>
    private VectorSteps HistogramQuantilesCall(Call call)
    {
        var v = (VectorSteps)Eval(call.Args[0]);
        string label = ((StringResult)Eval(call.Args[1])).Value;
        if (!LabelNames.IsValidLabelName(label))
            throw new QueryException(QueryErrorType.Execution, $"invalid quantile label name \"{label}\"");
        var quantiles = call.Args.Skip(2).Select(Scalar).ToList();
        for (int i = 0; i < quantiles.Count; i++) WarnQuantiles(call.Args[i + 2], quantiles[i]);
        return PerHistogram(v, call.Args[0], (labels, buckets, step) =>
        {
            labels = StepSeries.WithoutName(labels);
            if (labels.Has(label))
                throw new QueryException(QueryErrorType.Execution, $"label \"{label}\" already exists on the input series {StepSeries.Describe(labels)}");
            var results = new List<(LabelSet, double)>(quantiles.Count);
            foreach (double[] qs in quantiles)
            {
                // BucketQuantile reorders the span, so each quantile gets its own copy.
                ClassicBucket[] copy = buckets.ToArray();
                results.Add((labels.ToBuilder().Set(label, QuantileLabel(qs[step])).Build(), HistogramQuantile.BucketQuantile(qs[step], copy).Value));
            }
            return results;
        });
    }

    /// <summary>"0.0", "0.25", "1.0": a quantile as the label value histogram_quantiles writes.</summary>
    private static string QuantileLabel(double q)
    {
        string text = Store.Samples.PromFloat.FormatFixed(q);
        return double.IsFinite(q) && !text.Contains('.', StringComparison.Ordinal) ? text + ".0" : text;
    }

    private delegate List<(LabelSet Labels, double Value)> HistogramFunction(LabelSet labels, ClassicBucket[] buckets, int step);

    /// <summary>Groups bucket series into histograms and applies <paramref name="f"/> to each histogram at each step.</summary>
    /// <param name="bucketsArg">The argument holding the buckets, where a bad <c>le</c> is reported.</param>
    private VectorSteps PerHistogram(VectorSteps v, Expr bucketsArg, HistogramFunction f)
    {
        var outputs = new Dictionary<LabelSet, StepSeries>();
        var order = new List<StepSeries>();
        var buckets = new List<ClassicBucket>();
        foreach (BucketGroup group in GroupBuckets(v, bucketsArg))
        {
            for (int i = 0; i < _steps; i++)
            {
                buckets.Clear();
                foreach (var (s, bound) in group.Members)
                    if (v.Series[s].Present[i]) buckets.Add(new ClassicBucket(bound, v.Series[s].Values[i]));
                if (buckets.Count == 0) continue;
                foreach (var (labels, value) in f(group.Labels, [.. buckets], i))
                {
                    if (!outputs.TryGetValue(labels, out StepSeries? output))
                    {
                        outputs[labels] = output = new StepSeries(labels, _steps);
                        order.Add(output);
                    }
                    output.Set(i, value);
                }
            }
        }
        return new VectorSteps(order);
    }

    private List<BucketGroup> GroupBuckets(VectorSteps v, Expr bucketsArg)
    {
        var index = new Dictionary<LabelSet, int>();
        var groups = new List<BucketGroup>();
        for (int s = 0; s < v.Series.Count; s++)
        {
            LabelSet labels = v.Series[s].Labels;
            string le = labels.Get("le");
            if (!TryParseBound(le, out double bound))
            {
                _query.Warn(bucketsArg, $"bucket label \"le\" is missing or has a malformed value of \"{le}\" for metric name \"{labels.MetricName}\"");
                continue;
            }
            // The name stays in the key until the function's output: the annotations name the metric.
            LabelSet key = labels.ToBuilder().Delete("le").Build();
            if (!index.TryGetValue(key, out int g))
            {
                g = groups.Count;
                index[key] = g;
                groups.Add(new BucketGroup(key, []));
            }
            groups[g].Members.Add((s, bound));
        }
        return groups;
    }

    private static bool TryParseBound(string le, out double bound)
    {
        bound = 0;
        if (le.Length == 0) return false;
        return Store.Samples.PromFloat.TryParse(le, out bound)
            || double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out bound);
    }
}
