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
        var v = (VectorSteps)Eval(call.Args[1]);
        return PerHistogram(v, (labels, buckets, step) => [(labels, HistogramQuantile.BucketQuantile(q[step], buckets).Value)]);
    }

    /// <summary>histogram_fraction(lower, upper, buckets): the share of observations between two bounds.</summary>
    private VectorSteps HistogramFractionCall(Call call)
    {
        double[] lower = Scalar(call.Args[0]), upper = Scalar(call.Args[1]);
        var v = (VectorSteps)Eval(call.Args[2]);
        return PerHistogram(v, (labels, buckets, step) => [(labels, HistogramQuantile.BucketFraction(lower[step], upper[step], buckets))]);
    }

    /// <summary>histogram_quantiles(buckets, "label", q...): several quantiles at once, told apart by a label.</summary>
    private VectorSteps HistogramQuantilesCall(Call call)
    {
        var v = (VectorSteps)Eval(call.Args[0]);
        string label = ((StringResult)Eval(call.Args[1])).Value;
        if (!LabelNames.IsValidLabelName(label))
            throw new QueryException(QueryErrorType.Execution, $"invalid quantile label name \"{label}\"");
        var quantiles = call.Args.Skip(2).Select(Scalar).ToList();
        return PerHistogram(v, (labels, buckets, step) =>
        {
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
    private VectorSteps PerHistogram(VectorSteps v, HistogramFunction f)
    {
        var outputs = new Dictionary<LabelSet, StepSeries>();
        var order = new List<StepSeries>();
        var buckets = new List<ClassicBucket>();
        foreach (BucketGroup group in GroupBuckets(v))
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

    private static List<BucketGroup> GroupBuckets(VectorSteps v)
    {
        var index = new Dictionary<LabelSet, int>();
        var groups = new List<BucketGroup>();
        for (int s = 0; s < v.Series.Count; s++)
        {
            LabelSet labels = v.Series[s].Labels;
            if (!TryParseBound(labels.Get("le"), out double bound)) continue;   // no or invalid le: not a bucket
            LabelSet key = StepSeries.WithoutName(labels.ToBuilder().Delete("le").Build());
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
