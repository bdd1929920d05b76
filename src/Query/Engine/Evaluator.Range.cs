using System.Buffers;
using Metrics.Query.Ast;
using Metrics.Query.Functions;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

/// <summary>A function of the samples in one window; null means no output at this step.</summary>
internal delegate double? RangeKernel(ReadOnlySpan<Sample> window, in RangeWindow where);

internal sealed partial class Evaluator
{
    /// <summary>One series of a range argument: its samples are the first <paramref name="Count"/> of <paramref name="Buffer"/>.</summary>
    private readonly record struct RangeSeries(LabelSet Labels, Sample[] Buffer, int Count, bool DropName)
    {
        public ReadOnlySpan<Sample> Samples => Buffer.AsSpan(0, Count);
    }

    /// <summary>
    /// The raw series a range argument (a range selector or a subquery) provides, with its window geometry.
    /// <see cref="Series"/> may be enumerated once only: a selector streams its series from storage.
    /// </summary>
    private readonly record struct RangeSource(IEnumerable<RangeSeries> Series, long RangeMs, long OffsetMs, AtModifierKind At, long AtMs)
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
                var raw = StreamRaw(m.Selector, Math.Min(first, last) - range - extraBefore, Math.Max(first, last) + extraAfter);
                return new RangeSource(raw, range, offset, m.Selector.At, m.Selector.AtMs)
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
        var series = new List<RangeSeries>();
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
                if (samples.Count > 0) series.Add(new RangeSeries(ss.Labels, [.. samples], samples.Count, ss.DropName));
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
        foreach (var (labels, samples, _, dropName) in source.Series)
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
    /// The counting functions (resets, changes, and the reset correction of rate and increase) read a
    /// per-series prefix count instead of re-scanning every window: a window's count is the
    /// difference of two prefix entries, and rate's exact correction loop runs only for the windows
    /// that hold a reset, so results stay bit-identical.
    /// </summary>
    private VectorSteps EvalRangeFunction(RangeSource source, RangeKernel kernel, bool dropName, double[]? arg1 = null, double[]? arg2 = null, string? function = null, Expr? counterInfoArg = null)
    {
        bool extended = source.Anchored || source.Smoothed;
        WindowCount counting = extended ? WindowCount.None : WindowCounts.For(function);
        bool countIsResult = function is "resets" or "changes";
        int[] prefix = counting == WindowCount.None ? [] : ArrayPool<int>.Shared.Rent(256);
        var result = new List<StepSeries>();
        try
        {
            foreach (var (labels, buffer, count, seriesDropName) in source.Series)
            {
                _query.Cancellation.ThrowIfCancellationRequested();
                if (counterInfoArg is not null) InfoNonCounter(counterInfoArg, labels);
                ReadOnlySpan<Sample> samples = buffer.AsSpan(0, count);
                if (counting != WindowCount.None)
                {
                    if (prefix.Length < count)
                    {
                        ArrayPool<int>.Shared.Return(prefix);
                        prefix = ArrayPool<int>.Shared.Rent(count);
                    }
                    WindowCounts.Fill(counting, samples, prefix);
                }
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
                    // Pairs (k-1, k) with lo < k < hi: prefix[hi - 1] - prefix[lo].
                    int windowCount = counting == WindowCount.None ? -1 : prefix[hi - 1] - prefix[lo];
                    if (countIsResult && windowCount >= 0)
                    {
                        output.Set(i, windowCount);
                        continue;
                    }
                    var where = new RangeWindow(start, end, source.RangeMs, StepTime(i), arg1 is null ? 0 : arg1[i], arg2 is null ? 0 : arg2[i])
                    {
                        NoCounterResets = windowCount == 0,
                    };
                    double? value = kernel(samples.Slice(lo, hi - lo), where);
                    if (value is { } v) output.Set(i, v);
                }
                if (output.Count > 0) result.Add(output);
            }
        }
        finally
        {
            if (prefix.Length > 0) ArrayPool<int>.Shared.Return(prefix);
        }
        return new VectorSteps(result);
    }
}
