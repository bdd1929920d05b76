using Metrics.Query.Ast;
using Metrics.Query.Parser;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

/// <summary>
/// Evaluates PromQL over any <see cref="ISeriesQueryable"/>. This first version evaluates
/// selectors and literals with Prometheus 3.x semantics: instant selectors take the newest
/// sample in the left-open lookback window (t - lookback, t], staleness markers end a series,
/// range selectors return the samples in (t - range, t].
/// </summary>
public sealed class QueryEngine(ISeriesQueryable storage, EngineOptions options) : IQueryEngine
{
    private long LookbackMs => (long)options.LookbackDelta.TotalMilliseconds;

    public QueryValue InstantQuery(string query, long timeMs, CancellationToken ct = default)
    {
        Expr expr = ParseQuery(query);
        return expr switch
        {
            NumberLiteral n => new ScalarValue(timeMs, n.Value),
            StringLiteral s => new StringValue(timeMs, s.Value),
            VectorSelector v => ToVector(EvaluateSelector(v, timeMs, timeMs, 1, ct), timeMs),
            MatrixSelector m => EvaluateMatrixSelector(m, timeMs, ct),
            _ => throw new QueryException(QueryErrorType.BadData, $"unsupported expression {expr.GetType().Name}"),
        };
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
        Expr expr = ParseQuery(query);
        return expr switch
        {
            NumberLiteral n => ConstantSeries(n.Value, startMs, endMs, stepMs),
            VectorSelector v => EvaluateSelector(v, startMs, endMs, stepMs, ct),
            _ => throw new QueryException(QueryErrorType.BadData,
                $"invalid expression type \"{TypeName(expr.Type)}\" for range query, must be Scalar or instant Vector"),
        };
    }

    private static Expr ParseQuery(string query)
    {
        try
        {
            return PromQLParser.Parse(query);
        }
        catch (ParseException e)
        {
            throw new QueryException(QueryErrorType.BadData, e.Message, e);
        }
    }

    /// <summary>Evaluates an instant selector at every step; one pass over each series' samples.</summary>
    private MatrixValue EvaluateSelector(VectorSelector selector, long startMs, long endMs, long stepMs, CancellationToken ct)
    {
        long lookback = LookbackMs;
        long offset = selector.OffsetMs;
        using ISeriesQuerier querier = storage.Querier(startMs - offset - lookback + 1, endMs - offset);
        var result = new List<ArraySeries>();
        var points = new List<Sample>();
        long total = 0;
        ISampleIterator? iterator = null;
        foreach (ISeries series in querier.Select(selector.Matchers))
        {
            ct.ThrowIfCancellationRequested();
            iterator = series.Iterator(iterator);
            points.Clear();
            bool hasNext = iterator.MoveNext();
            Sample next = hasNext ? iterator.At() : default;
            Sample previous = default;
            bool hasPrevious = false;
            for (long ts = startMs; ts <= endMs; ts += stepMs)
            {
                long at = ts - offset;
                while (hasNext && next.TimestampMs <= at)
                {
                    previous = next;
                    hasPrevious = true;
                    hasNext = iterator.MoveNext();
                    if (hasNext) next = iterator.At();
                }
                if (hasPrevious && previous.TimestampMs > at - lookback && !StaleMarker.IsStale(previous.Value))
                    points.Add(new Sample(ts, previous.Value));
            }
            if (points.Count == 0) continue;
            total += points.Count;
            CheckSampleLimit(total);
            result.Add(new ArraySeries(series.Labels, [.. points]));
        }
        return new MatrixValue(result);
    }

    private MatrixValue EvaluateMatrixSelector(MatrixSelector matrix, long timeMs, CancellationToken ct)
    {
        long at = timeMs - matrix.Selector.OffsetMs;
        long from = at - matrix.RangeMs;  // exclusive: range selectors are left-open in Prometheus 3
        using ISeriesQuerier querier = storage.Querier(from + 1, at);
        var result = new List<ArraySeries>();
        var points = new List<Sample>();
        long total = 0;
        ISampleIterator? iterator = null;
        foreach (ISeries series in querier.Select(matrix.Selector.Matchers))
        {
            ct.ThrowIfCancellationRequested();
            iterator = series.Iterator(iterator);
            points.Clear();
            if (iterator.Seek(from + 1))
            {
                do
                {
                    Sample s = iterator.At();
                    if (s.TimestampMs > at) break;
                    if (!StaleMarker.IsStale(s.Value)) points.Add(s);
                }
                while (iterator.MoveNext());
            }
            if (points.Count == 0) continue;
            total += points.Count;
            CheckSampleLimit(total);
            result.Add(new ArraySeries(series.Labels, [.. points]));
        }
        return new MatrixValue(result);
    }

    private void CheckSampleLimit(long total)
    {
        if (total > options.MaxSamples)
            throw new QueryException(QueryErrorType.Execution, "query processing would load too many samples into memory in query execution");
    }

    private static VectorValue ToVector(MatrixValue single, long timeMs)
    {
        var samples = new List<VectorSample>(single.Series.Count);
        foreach (ArraySeries s in single.Series)
            samples.Add(new VectorSample(s.Labels, timeMs, s.Samples[0].Value));
        return new VectorValue(samples);
    }

    private static MatrixValue ConstantSeries(double value, long startMs, long endMs, long stepMs)
    {
        var points = new List<Sample>();
        for (long ts = startMs; ts <= endMs; ts += stepMs) points.Add(new Sample(ts, value));
        return new MatrixValue([new ArraySeries(Store.Labels.LabelSet.Empty, [.. points])]);
    }

    private static string TypeName(Ast.ValueType type) => type switch
    {
        Ast.ValueType.Matrix => "range vector",
        Ast.ValueType.Vector => "instant vector",
        Ast.ValueType.Scalar => "scalar",
        _ => "string",
    };
}
