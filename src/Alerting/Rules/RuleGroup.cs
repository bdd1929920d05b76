using System.Diagnostics;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Rules;

/// <summary>
/// A group of rules evaluated in order at one timestamp every interval. Results are appended to
/// storage; a series a rule stops producing gets a staleness marker, as in Prometheus.
/// </summary>
public sealed partial class RuleGroup
{
    private readonly RuleGroupOptions _options;
    private readonly HashSet<LabelSet>[] _previousSeries;
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastEvaluation;
    private TimeSpan _evaluationTime;

    public RuleGroup(RuleGroupDefinition definition, TimeSpan defaultInterval, RuleGroupOptions options, bool restoreForState)
    {
        Definition = definition;
        Interval = definition.Interval ?? defaultInterval;
        _options = options;
        Rules = [.. definition.Rules.Select(r => r.Record is not null ? (Rule)new RecordingRule(r) : new AlertingRule(r) { Restored = !restoreForState })];
        _previousSeries = [.. Rules.Select(_ => new HashSet<LabelSet>())];
        ShouldRestore = restoreForState;
    }

    public RuleGroupDefinition Definition { get; }
    public string Name => Definition.Name;
    public string File => Definition.File;
    public TimeSpan Interval { get; }
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>True until the first evaluation after a start restored the <c>for</c> state of its alerts.</summary>
    public bool ShouldRestore { get; private set; }

    public DateTimeOffset? LastEvaluation { get { lock (_lock) return _lastEvaluation; } }
    public TimeSpan EvaluationTime { get { lock (_lock) return _evaluationTime; } }

    /// <summary>The key Prometheus identifies a group by across reloads.</summary>
    public string Key => File + ";" + Name;

    /// <summary>
    /// The latest aligned evaluation time at or before <paramref name="now"/>: groups are spread over
    /// the interval by a hash of their file and name, so they do not all evaluate at once.
    /// </summary>
    public DateTimeOffset EvalTimestamp(DateTimeOffset now)
    {
        // In whole milliseconds, the store's resolution, so stored samples sit exactly on the grid.
        long interval = Math.Max(1, (long)Interval.TotalMilliseconds);
        long offset = (long)(StableHash(File + "\xff" + Name) % (ulong)interval);
        long adjusted = now.ToUnixTimeMilliseconds() - offset;
        long baseMs = adjusted - (((adjusted % interval) + interval) % interval);
        return DateTimeOffset.FromUnixTimeMilliseconds(baseMs + offset);
    }

    /// <summary>Evaluates every rule at <paramref name="ts"/>, stores the results and hands due alerts to the notifier.</summary>
    public void Evaluate(DateTimeOffset ts, CancellationToken ct = default)
    {
        long start = Stopwatch.GetTimestamp();
        TimeSpan offset = Definition.QueryOffset ?? TimeSpan.Zero;
        long sampleTimeMs = (ts - offset).ToUnixTimeMilliseconds();
        for (int i = 0; i < Rules.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            Rule rule = Rules[i];
            long ruleStart = Stopwatch.GetTimestamp();
            List<(LabelSet Labels, double Value)> vector;
            try
            {
                vector = rule switch
                {
                    RecordingRule r => r.Evaluate(_options.Engine, sampleTimeMs, Definition.Limit, ct),
                    AlertingRule a => a.Evaluate(_options.Engine, ts, sampleTimeMs, Definition.Limit, _options.ExternalLabels, _options.ExternalUrl, ct),
                    _ => [],
                };
            }
            catch (RuleEvaluationException e)
            {
                // As Prometheus: the rule is unhealthy, keeps its previous series, and the group goes on.
                rule.Record(ts, Stopwatch.GetElapsedTime(ruleStart), e.Message);
                _options.Metrics?.Evaluations.Add(1, new KeyValuePair<string, object?>("rule_group", Key));
                _options.Metrics?.EvaluationFailures.Add(1, new KeyValuePair<string, object?>("rule_group", Key));
                _options.Logger.LogWarning("Evaluating rule {Rule} of group {Group} failed: {Error}", rule.Name, Name, e.Message);
                continue;
            }
            if (rule is AlertingRule alerting && _options.Notify is { } notify)
            {
                List<Alert> due = alerting.TakeAlertsToSend(ts, _options.ResendDelay, Interval);
                if (due.Count > 0) notify(alerting.Query, due);
            }
            Append(i, vector, sampleTimeMs);
            rule.Record(ts, Stopwatch.GetElapsedTime(ruleStart), null);
            _options.Metrics?.Evaluations.Add(1, new KeyValuePair<string, object?>("rule_group", Key));
        }
        _options.Metrics?.GroupDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>("rule_group", Key));
        lock (_lock)
        {
            _lastEvaluation = ts;
            _evaluationTime = Stopwatch.GetElapsedTime(start);
        }
    }

    /// <summary>Stores one rule's result, and staleness markers for its series that are gone since the last evaluation.</summary>
    private void Append(int ruleIndex, List<(LabelSet Labels, double Value)> vector, long timeMs)
    {
        IAppender appender = _options.Appendable.CreateAppender();
        var returned = new HashSet<LabelSet>(vector.Count);
        foreach (var (labels, value) in vector)
        {
            appender.Append(labels, timeMs, value);
            returned.Add(labels);
        }
        foreach (LabelSet gone in _previousSeries[ruleIndex])
            if (!returned.Contains(gone)) appender.Append(gone, timeMs, StaleMarker.Value);
        AppendResult result = appender.Commit();
        _previousSeries[ruleIndex] = returned;
        // As Prometheus: refused samples (out of order, duplicates) are logged, the rule stays healthy.
        if (result.Rejected > 0)
            _options.Logger.LogWarning("Rule {Rule} of group {Group}: {OutOfOrder} out-of-order and {Duplicate} duplicate samples were not stored",
                Rules[ruleIndex].Name, Name, result.OutOfOrder, result.DuplicateTimestamp);
    }

    /// <summary>Writes staleness markers for every series of the last evaluation: the group was removed or the process stops.</summary>
    public void MarkAllStale(DateTimeOffset ts)
    {
        long timeMs = (ts - (Definition.QueryOffset ?? TimeSpan.Zero)).ToUnixTimeMilliseconds();
        IAppender appender = _options.Appendable.CreateAppender();
        for (int i = 0; i < _previousSeries.Length; i++)
        {
            foreach (LabelSet series in _previousSeries[i]) appender.Append(series, timeMs, StaleMarker.Value);
            _previousSeries[i] = [];
        }
        appender.Commit();
    }

    /// <summary>Takes over the alerts and stored series of the same rules in the group this one replaces on a reload.</summary>
    public void CopyStateFrom(RuleGroup old)
    {
        var used = new HashSet<int>();
        for (int i = 0; i < Rules.Count; i++)
        {
            for (int j = 0; j < old.Rules.Count; j++)
            {
                if (used.Contains(j) || old.Rules[j].Name != Rules[i].Name || old.Rules[j].GetType() != Rules[i].GetType()) continue;
                used.Add(j);
                _previousSeries[i] = old._previousSeries[j];
                old._previousSeries[j] = [];
                if (Rules[i] is AlertingRule a && old.Rules[j] is AlertingRule b) a.TakeStateFrom(b);
                break;
            }
        }
        ShouldRestore = false;
        foreach (AlertingRule a in Rules.OfType<AlertingRule>()) a.Restored = true;
    }

    private static ulong StableHash(string text)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        ulong hash = 14695981039346656037UL;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
