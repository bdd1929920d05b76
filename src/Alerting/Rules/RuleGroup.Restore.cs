using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Rules;

public sealed partial class RuleGroup
{
    /// <summary>
    /// Restores when each active alert became active from its ALERTS_FOR_STATE series, so a restart
    /// does not reset <c>for</c>. Prometheus's rule: only rules whose <c>for</c> is at least the grace
    /// period; state older than the outage tolerance is ignored; the time the process was down does
    /// not count as pending; and a restored alert waits at least the grace period before firing.
    /// </summary>
    public void RestoreForState(DateTimeOffset ts)
    {
        ShouldRestore = false;
        long maxMs = ts.ToUnixTimeMilliseconds();
        long minMs = (ts - _options.OutageTolerance).ToUnixTimeMilliseconds();
        using ISeriesQuerier querier = _options.Queryable.Querier(minMs, maxMs);
        foreach (AlertingRule rule in Rules.OfType<AlertingRule>())
        {
            TimeSpan hold = rule.HoldDuration;
            if (hold < _options.ForGracePeriod)
            {
                rule.Restored = true;
                continue;
            }
            rule.ForEachActive(alert =>
            {
                LabelSet series = AlertingRule.ForStateSeries(alert.Labels);
                var matchers = series.Select(l => LabelMatcher.Equal(l.Name, l.Value)).ToList();
                ISeries? found = querier.Select(matchers).FirstOrDefault(s => s.Labels.Count == matchers.Count);
                if (found is null) return;
                Sample? last = null;
                ISampleIterator it = found.Iterator();
                while (it.MoveNext())
                {
                    Sample s = it.At();
                    if (s.TimestampMs >= minMs && s.TimestampMs <= maxMs) last = s;
                }
                if (last is not { } sample || StaleMarker.IsStale(sample.Value)) return;
                DateTimeOffset downAt = DateTimeOffset.FromUnixTimeSeconds(sample.TimestampMs / 1000);
                DateTimeOffset restoredActiveAt = DateTimeOffset.FromUnixTimeSeconds((long)sample.Value);
                TimeSpan remaining = hold - (downAt - restoredActiveAt);
                if (remaining <= TimeSpan.Zero)
                {
                    // It was firing before the outage: keep the original start.
                }
                else if (remaining < _options.ForGracePeriod)
                    restoredActiveAt = ts + _options.ForGracePeriod - hold;
                else
                    restoredActiveAt += ts - downAt;
                alert.ActiveAt = restoredActiveAt;
                _options.Logger.LogInformation("'for' state restored for alert {Alert} {Labels}: active since {ActiveAt}", rule.Name, alert.Labels, restoredActiveAt);
            });
            rule.Restored = true;
        }
    }
}
