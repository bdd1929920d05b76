using Metrics.Query.Ast;
using Metrics.Query.Parser;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

/// <summary>
/// Evaluates PromQL over any <see cref="ISeriesQueryable"/> with Prometheus 3.x semantics: 5m
/// left-open lookback, staleness markers end series, left-open range selectors, delayed
/// <c>__name__</c> removal, step-aligned subqueries, and Prometheus's limits and error texts.
/// </summary>
public sealed class QueryEngine(ISeriesQueryable storage, EngineOptions options) : IQueryEngine
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrency));

    public QueryValue InstantQuery(string query, long timeMs, CancellationToken ct = default)
    {
        var (expr, positions) = ParseQuery(query);
        return Run<QueryValue>(ct, token =>
        {
            var context = new QueryContext(timeMs, timeMs, 0, options, token) { QueryText = query, Positions = positions };
            EvalValue value = new Evaluator(storage, options, context, timeMs, timeMs, 1).Eval(expr);
            QueryValue result = value switch
            {
                ScalarSteps s => new ScalarValue(timeMs, s.Values[0]),
                StringResult s => new StringValue(timeMs, s.Value),
                RawMatrix m => new MatrixValue(Finish(m.Series)),
                VectorSteps v => ToVector(v, timeMs),
                _ => throw new QueryException(QueryErrorType.Internal, "unexpected result type"),
            };
            return WithAnnotations(result, context);
        });
    }

    public MatrixValue RangeQuery(string query, long startMs, long endMs, long stepMs, CancellationToken ct = default)
    {
        if (stepMs <= 0)
            throw new QueryException(QueryErrorType.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        if (endMs < startMs)
            throw new QueryException(QueryErrorType.BadData, "end timestamp must not be before start time");
        if ((endMs - startMs) / stepMs >= options.MaxPointsPerSeries)
            throw new QueryException(QueryErrorType.BadData,
                $"exceeded maximum resolution of {options.MaxPointsPerSeries:N0} points per timeseries. Try decreasing the query resolution (?step=XX)");
        var (expr, positions) = ParseQuery(query);
        if (expr.Type is not (Ast.ValueType.Scalar or Ast.ValueType.Vector))
            throw new QueryException(QueryErrorType.BadData,
                $"invalid expression type \"{TypeName(expr.Type)}\" for range query, must be Scalar or instant Vector");
        return Run(ct, token =>
        {
            var context = new QueryContext(startMs, endMs, stepMs, options, token) { QueryText = query, Positions = positions };
            var evaluator = new Evaluator(storage, options, context, startMs, endMs, stepMs);
            EvalValue value = evaluator.Eval(expr);
            List<ArraySeries> series = value switch
            {
                ScalarSteps s => [new ArraySeries(LabelSet.Empty, Points(s.Values, null, startMs, stepMs))],
                VectorSteps v => v.Series.Select(x => new ArraySeries(x.VisibleLabels, Points(x.Values, x.Present, startMs, stepMs)))
                    .Where(x => x.Samples.Length > 0).ToList(),
                _ => throw new QueryException(QueryErrorType.Internal, "unexpected result type"),
            };
            return WithAnnotations(new MatrixValue(Finish(series)), context);
        });
    }

    /// <summary>Attaches the annotations raised during evaluation; a result without any keeps the shared empty lists.</summary>
    private static T WithAnnotations<T>(T value, QueryContext context) where T : QueryValue
        => context.Warnings.Count == 0 && context.Infos.Count == 0
            ? value
            : (T)(value with { Warnings = [.. context.Warnings], Infos = [.. context.Infos] });

    /// <summary>Runs an evaluation under the query timeout; cancellation by the caller is passed through.</summary>
    private T Run<T>(CancellationToken ct, Func<CancellationToken, T> evaluate)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        bool admitted = false;
        try
        {
            // Waiting for a slot counts against the timeout, as in Prometheus's query queue.
            _slots.Wait(timeout.Token);
            admitted = true;
            return evaluate(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Timeout, "query timed out in query execution");
        }
        catch (OperationCanceledException e)
        {
            throw new QueryException(QueryErrorType.Canceled, "query was canceled in query execution", e);
        }
        finally
        {
            if (admitted) _slots.Release();
        }
    }

    private static (Expr Expr, IReadOnlyDictionary<Expr, int> Positions) ParseQuery(string query)
    {
        try
        {
            return PromQLParser.ParseWithPositions(query);
        }
        catch (ParseException e)
        {
            throw new QueryException(QueryErrorType.BadData, e.Message, e);
        }
    }

    private static Sample[] Points(double[] values, bool[]? present, long startMs, long stepMs)
    {
        var points = new List<Sample>(values.Length);
        for (int i = 0; i < values.Length; i++)
            if (present is null || present[i]) points.Add(new Sample(startMs + i * stepMs, values[i]));
        return [.. points];
    }

    private static VectorValue ToVector(VectorSteps v, long timeMs)
    {
        var samples = new List<VectorSample>(v.Series.Count);
        var seen = new HashSet<LabelSet>();
        foreach (StepSeries s in v.Series)
        {
            if (!s.Present[0]) continue;
            LabelSet labels = s.VisibleLabels;
            if (!seen.Add(labels)) throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
            samples.Add(new VectorSample(labels, timeMs, s.Values[0]));
        }
        return new VectorValue(samples);
    }

    /// <summary>
    /// Sorted by labels; series that end up with equal labels are joined when their points never
    /// share a timestamp (as Prometheus's output keyed by labels does), and are an error otherwise.
    /// </summary>
    private static List<ArraySeries> Finish(List<ArraySeries> series)
    {
        series.Sort(static (a, b) => a.Labels.CompareTo(b.Labels));
        var result = new List<ArraySeries>(series.Count);
        foreach (ArraySeries s in series)
        {
            if (result.Count == 0 || !result[^1].Labels.Equals(s.Labels))
            {
                result.Add(s);
                continue;
            }
            var merged = new SortedDictionary<long, double>();
            foreach (Sample p in result[^1].Samples) merged[p.TimestampMs] = p.Value;
            foreach (Sample p in s.Samples)
                if (!merged.TryAdd(p.TimestampMs, p.Value))
                    throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
            result[^1] = new ArraySeries(s.Labels, [.. merged.Select(kv => new Sample(kv.Key, kv.Value))]);
        }
        return result;
    }

    private static string TypeName(Ast.ValueType type) => type switch
    {
        Ast.ValueType.Matrix => "range vector",
        Ast.ValueType.Vector => "instant vector",
        Ast.ValueType.Scalar => "scalar",
        _ => "string",
    };
}
