using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Inhibition;

/// <summary>
/// Mutes target alerts while a firing source alert with the same values of the <c>equal</c> labels exists.
/// An alert matching both sides of a rule is never inhibited by another alert that also matches both
/// (Alertmanager's rule, so two such alerts cannot mute each other).
/// </summary>
/// <remarks>
/// Sources are indexed per rule by their <c>equal</c> values, so a lookup costs one dictionary probe instead of a
/// scan of every alert. The index is rebuilt when the store changes or when one of its sources resolves by time.
/// </remarks>
public sealed class Inhibitor
{
    private readonly IReadOnlyList<InhibitRuleConfig> _rules;
    private readonly AlertStore _alerts;
    private readonly TimeProvider _time;
    private volatile SourceIndex? _index;

    public Inhibitor(IReadOnlyList<InhibitRuleConfig> rules, AlertStore alerts, TimeProvider time)
    {
        _rules = rules;
        _alerts = alerts;
        _time = time;
    }

    private sealed record SourceIndex(long Version, DateTimeOffset ValidUntil, Dictionary<string, List<Alert>>[] PerRule);

    /// <summary>Fingerprints of the alerts that inhibit one with these labels (empty when not inhibited).</summary>
    public List<string> InhibitedBy(LabelSet labels)
    {
        var result = new List<string>();
        if (_rules.Count == 0) return result;
        SourceIndex index = CurrentIndex();
        ulong self = AlertFingerprint.Of(labels);
        for (int r = 0; r < _rules.Count; r++)
        {
            InhibitRuleConfig rule = _rules[r];
            if (!MatchesAll(rule.TargetMatchers, labels)) continue;
            if (!index.PerRule[r].TryGetValue(EqualKey(rule.Equal, labels), out List<Alert>? sources)) continue;
            bool targetIsSource = MatchesAll(rule.SourceMatchers, labels);
            foreach (Alert source in sources)
            {
                if (source.Fingerprint == self) continue;
                if (targetIsSource && MatchesAll(rule.TargetMatchers, source.Labels)) continue;
                result.Add(AlertFingerprint.Format(source.Fingerprint));
                return result;   // one source is enough, as in Alertmanager
            }
        }
        return result;
    }

    private SourceIndex CurrentIndex()
    {
        DateTimeOffset now = _time.GetUtcNow();
        long version = _alerts.Version;
        SourceIndex? index = _index;
        if (index is not null && index.Version == version && now < index.ValidUntil) return index;
        var perRule = new Dictionary<string, List<Alert>>[_rules.Count];
        DateTimeOffset validUntil = DateTimeOffset.MaxValue;
        for (int r = 0; r < _rules.Count; r++)
        {
            perRule[r] = new Dictionary<string, List<Alert>>(StringComparer.Ordinal);
            foreach (Alert source in _alerts.Firing(_rules[r].SourceMatchers, now))
            {
                string key = EqualKey(_rules[r].Equal, source.Labels);
                if (!perRule[r].TryGetValue(key, out List<Alert>? list)) perRule[r][key] = list = [];
                list.Add(source);
                if (source.EndsAt != default && source.EndsAt < validUntil) validUntil = source.EndsAt;
            }
        }
        index = new SourceIndex(version, validUntil, perRule);
        _index = index;
        return index;
    }

    private static string EqualKey(IReadOnlyList<string> names, LabelSet labels)
    {
        if (names.Count == 0) return "";
        var parts = new string[names.Count];
        for (int i = 0; i < names.Count; i++) parts[i] = labels.Get(names[i]);
        return string.Join('\xff', parts);
    }

    private static bool MatchesAll(IReadOnlyList<LabelMatcher> matchers, LabelSet labels)
    {
        foreach (LabelMatcher m in matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }
}
