using System.Globalization;
using Metrics.Query.Ast;
using Metrics.Query.Functions;
using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    /// <summary>
    /// histogram_quantile over classic buckets: series are grouped by their labels without
    /// <c>le</c> and the name; each group's buckets at a step give one value.
    /// </summary>
    private VectorSteps HistogramQuantileCall(Call call)
    {
        double[] q = Scalar(call.Args[0]);
        var v = (VectorSteps)Eval(call.Args[1]);
        var groupIndex = new Dictionary<LabelSet, int>();
        var groups = new List<(LabelSet Labels, List<(int Series, double Bound)> Members)>();
        for (int s = 0; s < v.Series.Count; s++)
        {
            LabelSet labels = v.Series[s].Labels;
            string le = labels.Get("le");
            if (!TryParseBound(le, out double bound)) continue;   // no or invalid le: not a bucket, skipped
            LabelSet key = labels.ToBuilder().Delete("le").Delete(LabelNames.MetricName).Build();
            if (!groupIndex.TryGetValue(key, out int g))
            {
                g = groups.Count;
                groupIndex[key] = g;
                groups.Add((key, []));
            }
            groups[g].Members.Add((s, bound));
        }
        var result = new List<StepSeries>(groups.Count);
        var buckets = new List<ClassicBucket>();
        foreach (var (labels, members) in groups)
        {
            var output = new StepSeries(labels, _steps);
            for (int i = 0; i < _steps; i++)
            {
                buckets.Clear();
                foreach (var (s, bound) in members)
                    if (v.Series[s].Present[i]) buckets.Add(new ClassicBucket(bound, v.Series[s].Values[i]));
                if (buckets.Count == 0) continue;
                ClassicBucket[] span = [.. buckets];
                output.Set(i, HistogramQuantile.BucketQuantile(q[i], span).Value);
            }
            if (output.Count > 0) result.Add(output);
        }
        return new VectorSteps(result);
    }

    private static bool TryParseBound(string le, out double bound)
    {
        bound = 0;
        if (le.Length == 0) return false;
        return Store.Samples.PromFloat.TryParse(le, out bound)
            || double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out bound);
    }
}
