using System.Buffers;
using Metrics.Query.Ast;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

/// <summary>
/// Evaluates an expression at every step from start to end at once, as Prometheus's engine does:
/// selectors read each series once for all steps, aggregations and binary operators then work
/// step by step on dense per-step values. Subqueries run a nested evaluator on their own grid.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly ISeriesQueryable _storage;
    private readonly EngineOptions _options;
    private readonly QueryContext _query;
    private readonly long _start;
    private readonly long _interval;
    private readonly int _steps;

    public Evaluator(ISeriesQueryable storage, EngineOptions options, QueryContext query, long startMs, long endMs, long intervalMs)
    {
        _storage = storage;
        _options = options;
        _query = query;
        _start = startMs;
        _interval = Math.Max(intervalMs, 1);
        _steps = (int)((endMs - startMs) / _interval) + 1;
    }

    public int Steps => _steps;

    private long LookbackMs => (long)_options.LookbackDelta.TotalMilliseconds;

    private long StepTime(int i) => _start + i * _interval;

    public EvalValue Eval(Expr expr)
    {
        _query.Cancellation.ThrowIfCancellationRequested();
        QueryGarbage.Collect();
        return expr switch
        {
            NumberLiteral n => Constant(n.Value),
            StringLiteral s => new StringResult(s.Value),
            ParenExpr p => Eval(p.Expr),
            DurationExpr d => Constant(DurationSeconds(d)),
            UnaryExpr u => EvalUnary(u),
            VectorSelector v => EvalVectorSelector(v, sampleTimestamps: false),
            MatrixSelector m => EvalRawMatrix(m),
            SubqueryExpr s => EvalRawSubquery(s),
            BinaryExpr b => EvalBinary(b),
            AggregateExpr a => EvalAggregate(a),
            Call c => EvalCall(c),
            _ => throw new QueryException(QueryErrorType.Execution, $"unsupported expression {expr.GetType().Name}"),
        };
    }

    private ScalarSteps Constant(double value)
    {
        var values = new double[_steps];
        Array.Fill(values, value);
        return new ScalarSteps(values);
    }

    private EvalValue EvalUnary(UnaryExpr u)
    {
        EvalValue inner = Eval(u.Expr);
        if (u.Op != BinaryOp.Sub) return inner;
        switch (inner)
        {
            case ScalarSteps s:
                return new ScalarSteps(Array.ConvertAll(s.Values, v => -v));
            case VectorSteps v:
                foreach (StepSeries series in v.Series)
                {
                    for (int i = 0; i < _steps; i++) series.Values[i] = -series.Values[i];
                    series.DropName = true;
                }
                return v;
            default:
                throw new QueryException(QueryErrorType.Execution, "unary minus on a non-numeric value");
        }
    }

    /// <summary>The evaluation time of step <paramref name="i"/> for a node with an @ modifier and offset.</summary>
    private long EffectiveTime(int i, AtModifierKind at, long atMs, long offsetMs) => at switch
    {
        AtModifierKind.Timestamp => atMs,
        AtModifierKind.Start => _query.StartMs,
        AtModifierKind.End => _query.EndMs,
        _ => StepTime(i),
    } - offsetMs;

    private long OffsetOf(VectorSelector v) => v.OffsetExpr is { } e ? DurationMs(e) : v.OffsetMs;

    /// <summary>
    /// The newest sample in (t - lookback, t] of each series at each step; with
    /// <paramref name="sampleTimestamps"/> the value is the sample's own time in seconds (for timestamp()).
    /// </summary>
    private VectorSteps EvalVectorSelector(VectorSelector v, bool sampleTimestamps)
    {
        long offset = OffsetOf(v);
        long first = EffectiveTime(0, v.At, v.AtMs, offset), last = EffectiveTime(_steps - 1, v.At, v.AtMs, offset);
        long lookback = LookbackMs;
        var result = new List<StepSeries>();
        long minTime = Math.Min(first, last) - lookback + 1, maxTime = Math.Max(first, last);
        using ISeriesQuerier querier = _storage.Querier(minTime, maxTime);
        using var reader = new SeriesSampleReader();
        foreach (ISeries series in querier.Select(v.Matchers))
        {
            _query.Cancellation.ThrowIfCancellationRequested();
            QueryGarbage.Collect();
            int count = reader.Read(series, minTime, maxTime, dropStale: false);
            ReadOnlySpan<Sample> samples = reader.Buffer.AsSpan(0, count);
            var output = new StepSeries(series.Labels, _steps);
            int next = 0;
            for (int i = 0; i < _steps; i++)
            {
                long t = EffectiveTime(i, v.At, v.AtMs, offset);
                // Steps move forward in time unless @ pins them; then every step asks the same instant.
                if (v.At != AtModifierKind.None) next = 0;
                while (next < samples.Length && samples[next].TimestampMs <= t) next++;
                if (next == 0) continue;
                Sample s = samples[next - 1];
                if (s.TimestampMs <= t - lookback || StaleMarker.IsStale(s.Value)) continue;
                output.Set(i, sampleTimestamps ? s.TimestampMs / 1000.0 : s.Value);
            }
            if (output.Count == 0) continue;
            _query.AddSamples(output.Count);
            result.Add(output);
        }
        return new VectorSteps(result);
    }

    /// <summary>Samples of each series for range functions: stale markers removed, time ordered.</summary>
    private List<(LabelSet Labels, Sample[] Samples)> SelectRaw(VectorSelector v, long minExclusive, long maxInclusive)
    {
        var result = new List<(LabelSet, Sample[])>();
        foreach (RangeSeries series in StreamRaw(v, minExclusive, maxInclusive))
            result.Add((series.Labels, series.Samples.ToArray()));
        return result;
    }

    /// <summary>
    /// Like <see cref="SelectRaw"/>, one series at a time: every series is decoded into the same pooled
    /// buffer, so a range function holds one series' samples instead of all of them, and the buffer
    /// stays hot in the CPU cache. A yielded series is valid until the enumeration moves on.
    /// </summary>
    private IEnumerable<RangeSeries> StreamRaw(VectorSelector v, long minExclusive, long maxInclusive)
    {
        using ISeriesQuerier querier = _storage.Querier(minExclusive + 1, maxInclusive);
        using var reader = new SeriesSampleReader();
        foreach (ISeries series in querier.Select(v.Matchers))
        {
            _query.Cancellation.ThrowIfCancellationRequested();
            QueryGarbage.Collect();
            int count = reader.Read(series, minExclusive + 1, maxInclusive, dropStale: true);
            if (count == 0) continue;
            _query.AddSamples(count);
            yield return new RangeSeries(series.Labels, reader.Buffer, count, DropName: false);
        }
    }

    /// <summary>A range selector as the whole query: raw samples at one instant.</summary>
    private RawMatrix EvalRawMatrix(MatrixSelector m)
    {
        if (_steps != 1)
            throw new QueryException(QueryErrorType.BadData, "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
        long range = RangeOf(m);
        long t = EffectiveTime(0, m.Selector.At, m.Selector.AtMs, OffsetOf(m.Selector));
        var series = SelectRaw(m.Selector, t - range, t).Select(s => new ArraySeries(s.Labels, s.Samples)).ToList();
        return new RawMatrix(series);
    }

    /// <summary>A duration expression's value: step() and range() are the outermost query's step and range.</summary>
    private double DurationSeconds(DurationExpr d) => d.EvaluateSeconds(_query.StepMs, _query.EndMs - _query.StartMs, _query.StartMs, _query.EndMs);

    private long DurationMs(DurationExpr d) => (long)Math.Round(DurationSeconds(d) * 1000);

    private long RangeOf(MatrixSelector m) => m.RangeExpr is { } e ? DurationMs(e) : m.RangeMs;
}
