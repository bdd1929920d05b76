using Metrics.Query.Ast;
using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    private static readonly string[] IdentifyingLabels = [LabelNames.Instance, LabelNames.Job];

    /// <summary>
    /// info(v, {selector}) (experimental): adds the data labels of info metrics (target_info by
    /// default; any metric named *_info that the selector's name matchers accept) that share v's
    /// identifying labels (instance, job) at the same step. Labels v already has win. A series
    /// with no info partner is kept unchanged unless a data matcher requires a value.
    /// </summary>
    private VectorSteps Info(Call call)
    {
        var baseVector = (VectorSteps)Eval(call.Args[0]);
        IReadOnlyList<LabelMatcher> selector = call.Args.Count > 1 && Unwrap(call.Args[1]) is VectorSelector vs ? vs.Matchers : [];
        var nameMatchers = selector.Where(m => m.Name == LabelNames.MetricName).ToList();
        var dataMatchers = selector.Where(m => m.Name != LabelNames.MetricName).ToList();
        if (nameMatchers.Count == 0) nameMatchers.Add(LabelMatcher.Equal(LabelNames.MetricName, "target_info"));

        var infoSelector = new List<LabelMatcher>(nameMatchers) { new(MatcherType.Regex, LabelNames.MetricName, ".+_info") };
        infoSelector.AddRange(dataMatchers);
        VectorSteps info = EvalVectorSelector(new VectorSelector(null, infoSelector, 0), sampleTimestamps: false);
        var infoByIdentity = info.Series.GroupBy(s => Identity(s.Labels)).ToDictionary(g => g.Key, g => g.ToList());
        bool keepUnmatched = dataMatchers.All(m => m.MatchesEmpty);

        var outputs = new Dictionary<LabelSet, StepSeries>();
        var order = new List<StepSeries>();
        foreach (StepSeries series in baseVector.Series)
        {
            // An info metric selected as an info source is not enriched by itself or its peers.
            bool isInfoSource = series.Labels.MetricName.EndsWith("_info", StringComparison.Ordinal)
                && nameMatchers.All(m => m.Matches(series.Labels));
            infoByIdentity.TryGetValue(Identity(series.Labels), out List<StepSeries>? partners);
            for (int i = 0; i < _steps; i++)
            {
                if (!series.Present[i]) continue;
                LabelSet? labels = series.Labels;
                if (!isInfoSource)
                {
                    var present = partners?.Where(p => p.Present[i]).ToList() ?? [];
                    labels = present.Count > 0 ? Enrich(series.Labels, present, dataMatchers) : keepUnmatched ? series.Labels : null;
                }
                if (labels is null) continue;
                if (!outputs.TryGetValue(labels, out StepSeries? output))
                {
                    outputs[labels] = output = new StepSeries(labels, _steps, series.DropName);
                    order.Add(output);
                }
                output.Set(i, series.Values[i]);
            }
        }
        return new VectorSteps(order);
    }

    private static Expr Unwrap(Expr e)
    {
        while (e is ParenExpr p) e = p.Expr;
        return e;
    }

    private static string Identity(LabelSet labels) => string.Join('\u0000', IdentifyingLabels.Select(labels.Get));

    /// <summary>The base labels plus the partners' data labels (only those named by data matchers, when there are any).</summary>
    private static LabelSet Enrich(LabelSet baseLabels, List<StepSeries> partners, List<LabelMatcher> dataMatchers)
    {
        LabelSetBuilder b = baseLabels.ToBuilder();
        foreach (StepSeries partner in partners)
        {
            foreach (Label l in partner.Labels.AsSpan())
            {
                if (l.Name == LabelNames.MetricName || Array.IndexOf(IdentifyingLabels, l.Name) >= 0) continue;
                if (dataMatchers.Count > 0 && !dataMatchers.Exists(m => m.Name == l.Name)) continue;
                if (baseLabels.Has(l.Name)) continue;   // the base series' own labels win
                b.Set(l.Name, l.Value);
            }
        }
        return b.Build();
    }
}
