using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Rules;

/// <summary>Prometheus's EngineQueryFunc: an instant query whose result must be a vector; a scalar becomes one unlabelled sample.</summary>
public static class RuleQuery
{
    public static IReadOnlyList<VectorSample> Run(IQueryEngine engine, string query, long timeMs, CancellationToken ct = default)
    {
        QueryValue value;
        try
        {
            value = engine.InstantQuery(query, timeMs, ct);
        }
        catch (QueryException e)
        {
            throw new RuleEvaluationException(e.Message, e);
        }
        return value switch
        {
            VectorValue v => v.Samples,
            ScalarValue s => [new VectorSample(LabelSet.Empty, s.TimestampMs, s.Value)],
            _ => throw new RuleEvaluationException("rule result is not a vector or scalar"),
        };
    }
}
