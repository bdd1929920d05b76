using Metrics.Query.Ast;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

/// <summary>A function of the samples in one window; null means no output at this step.</summary>
internal delegate double? RangeKernel(ReadOnlySpan<Sample> window, in RangeWindow where);

internal sealed partial class Evaluator
{
    /// <summary>The raw series a range argument (a range selector or a subquery) provides, with its window geometry.</summary>
    private readonly record struct RangeSource(List<(LabelSet Labels, Sample[] Samples, bool DropName)> Series, long RangeMs, long OffsetMs, AtModifierKind At, long AtMs)
    {
        /// <summary>The anchored or smoothed modifier of the range selector, if any.</summary>
        public bool Anchored { get; init; }

        public bool Smoothed { get; init; }
    }

    private RangeSource ReadRange(Expr arg)
    {
        switch (arg)
        {
            case MatrixSelector m:
            {
                long range = RangeOf(m);
                long offset = OffsetOf(m.Selector);
                long first = EffectiveTime(0, m.Selector.At, m.Selector.AtMs, offset);
                long last = EffectiveTime(_steps - 1, m.Selector.At, m.Selector.AtMs, offset);
                // Extended selectors need the neighbours of the window too: one lookback either side.
                bool extended = m.Selector.Anchored || m.Selector.Smoothed;
                long extraBefore = extended ? LookbackMs : 0, extraAfter = m.Selector.Smoothed ? LookbackMs : 0;
                var raw = SelectRaw(m.Selector, Math.Min(first, last) - range - extraBefore, Math.Max(first, last) + extraAfter);
                return new RangeSource(raw.ConvertAll(r => (r.Labels, r.Samples, false)), range, offset, m.Selector.At, m.Selector.AtMs)
                {
                    Anchored = m.Selector.Anchored,
                    Smoothed = m.Selector.Smoothed,
                };
            }
            case SubqueryExpr s:
                return ReadSubquery(s);
            case ParenExpr p:
                return ReadRange(p.Expr);
            default:
                throw new QueryException(QueryErrorType.Execution, "expected a range vector argument");
        }
    }

    /// <summary>
    /// Evaluates a subquery's inner expression on its own grid: steps at multiples of its step,
    /// starting at the first one after (start - offset - range), as Prometheus aligns them.
    /// </summary>
    private RangeSource ReadSubquery(SubqueryExpr s)
    {
        long range = s.RangeExpr is { } re ? DurationMs(re) : s.RangeMs;
        long step = s.StepExpr is { } se ? DurationMs(se) : s.StepMs;
        if (step <= 0) step = (long)_options.DefaultSubqueryStep.TotalMilliseconds;
        long offset = s.OffsetExpr is { } oe ? DurationMs(oe) : s.OffsetMs;
        long first = EffectiveTime(0, s.At, s.AtMs, offset), last = EffectiveTime(_steps - 1, s.At, s.AtMs, offset);
        long low = Math.Min(first, last) - range, high = Math.Max(first, last);
        long subStart = step * (low / step);
        if (subStart <= low) subStart += step;
        var series = new List<(LabelSet, Sample[], bool)>();
        if (subStart <= high)
        {
            var nested = new Evaluator(_storage, _options, _query, subStart, high, step);
            EvalValue inner = nested.Eval(s.Expr);
            List<StepSeries> stepSeries = inner switch
            {
                VectorSteps v => v.Series,
                ScalarSteps sc => [ScalarAsSeries(sc, nested._steps)],
                _ => throw new QueryException(QueryErrorType.Execution, "subquery is only allowed on instant vector"),
            };
            foreach (StepSeries ss in stepSeries)
            {
                var samples = new List<Sample>(ss.Count);
                for (int i = 0; i < nested._steps; i++)
                    if (ss.Present[i]) samples.Add(new Sample(subStart + i * step, ss.Values[i]));
                if (samples.Count > 0) series.Add((ss.Labels, [.. samples], ss.DropName));
            }
        }
        return new RangeSource(series, range, offset, s.At, s.AtMs);
    }

    private static StepSeries ScalarAsSeries(ScalarSteps scalar, int steps)
    {
        var s = new StepSeries(LabelSet.Empty, steps);
        for (int i = 0; i < steps; i++) s.Set(i, scalar.Values[i]);
        return s;
    }

    /// <summary>A subquery as the whole (instant) query: its points in the window, as a matrix.</summary>
    private RawMatrix EvalRawSubquery(SubqueryExpr s)
    {
        if (_steps != 1)
            throw new QueryException(QueryErrorType.BadData, "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
        RangeSource source = ReadSubquery(s);
        long end = EffectiveTime(0, s.At, s.AtMs, source.OffsetMs), start = end - source.RangeMs;
        var result = new List<ArraySeries>();
        foreach (var (labels, samples, dropName) in source.Series)
        {
            Sample[] inside = Array.FindAll(samples, p => p.TimestampMs > start && p.TimestampMs <= end);
            if (inside.Length == 0) continue;
            LabelSet visible = dropName ? labels.ToBuilder().Delete(LabelNames.MetricName).Build() : labels;
            result.Add(new ArraySeries(visible, inside));
        }
        return new RawMatrix(result);
    }

    /// <summary>
    /// Applies <paramref name="kernel"/> to the window (t - range, t] of every series at every step,
    /// with two cursors that only move forward, so each sample is visited a bounded number of times.
    /// </summary>
    private VectorSteps EvalRangeFunction(RangeSource source, RangeKernel kernel, bool dropName, double[]? arg1 = null, double[]? arg2 = null, string? function = null)
    {
        bool extended = source.Anchored || source.Smoothed;
        var result = new List<StepSeries>(source.Series.Count);
        foreach (var (labels, samples, seriesDropName) in source.Series)
        {
            _query.Cancellation.ThrowIfCancellationRequested();
            var output = new StepSeries(labels, _steps, dropName || seriesDropName);
            int lo = 0, hi = 0;
            for (int i = 0; i < _steps; i++)
            {
                long end = EffectiveTime(i, source.At, source.AtMs, source.OffsetMs);
                long start = end - source.RangeMs;
                if (source.At != AtModifierKind.None) lo = hi = 0;
                while (hi < samples.Length && samples[hi].TimestampMs <= end) hi++;
                while (lo < hi && samples[lo].TimestampMs <= start) lo++;
                if (extended)
                {
                    if (ExtendedRangeValue(function ?? "", source.Smoothed, samples, lo, hi, start, end, source.RangeMs) is { } ev) output.Set(i, ev);
                    continue;
                }
                if (lo >= hi) continue;
                var where = new RangeWindow(start, end, source.RangeMs, StepTime(i), arg1 is null ? 0 : arg1[i], arg2 is null ? 0 : arg2[i]);
                double? value = kernel(samples.AsSpan(lo, hi - lo), where);
                if (value is { } v) output.Set(i, v);
            }
            if (output.Count > 0) result.Add(output);
        }
        return new VectorSteps(result);
    }
}
