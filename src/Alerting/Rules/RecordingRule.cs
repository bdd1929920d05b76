using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules;

/// <summary>A recording rule: evaluates its expression and names the result series after <c>record</c>, with the rule's labels.</summary>
public sealed class RecordingRule(RuleDefinition definition) : Rule(definition)
{
    /// <summary>The series to store at <paramref name="timeMs"/>; throws <see cref="RuleEvaluationException"/> as Prometheus fails a rule.</summary>
    public List<(LabelSet Labels, double Value)> Evaluate(IQueryEngine engine, long queryTimeMs, int limit, CancellationToken ct = default)
    {
        IReadOnlyList<VectorSample> samples = RuleQuery.Run(engine, Definition.Expr, queryTimeMs, ct);
        var result = new List<(LabelSet, double)>(samples.Count);
        var seen = new HashSet<LabelSet>();
        var builder = new LabelSetBuilder();
        foreach (VectorSample s in samples)
        {
            builder.Reset(s.Labels).Set(LabelNames.MetricName, Definition.Record!);
            foreach (var (name, value) in Definition.Labels) builder.Set(name, value);
            LabelSet labels = builder.Build();
            if (!seen.Add(labels)) throw new RuleEvaluationException("vector contains metrics with the same labelset after applying rule labels");
            result.Add((labels, s.Value));
        }
        if (limit > 0 && result.Count > limit)
            throw new RuleEvaluationException($"exceeded limit of {limit} with {result.Count} series");
        return result;
    }
}
