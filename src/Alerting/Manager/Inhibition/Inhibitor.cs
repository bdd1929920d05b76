using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Inhibition;

/// <summary>
/// Mutes target alerts while a firing source alert with the same values of the <c>equal</c> labels exists.
/// An alert matching both sides of a rule is never inhibited by another alert that also matches both
/// (Alertmanager's rule, so two such alerts cannot mute each other).
/// </summary>
public sealed class Inhibitor
{
    private readonly IReadOnlyList<InhibitRuleConfig> _rules;
    private readonly AlertStore _alerts;
    private readonly TimeProvider _time;

    public Inhibitor(IReadOnlyList<InhibitRuleConfig> rules, AlertStore alerts, TimeProvider time)
    {
        _rules = rules;
        _alerts = alerts;
        _time = time;
    }

    /// <summary>Fingerprints of the alerts that inhibit one with these labels (empty when not inhibited).</summary>
    public List<string> InhibitedBy(LabelSet labels)
    {
        var result = new List<string>();
        if (_rules.Count == 0) return result;
        DateTimeOffset now = _time.GetUtcNow();
        ulong self = AlertFingerprint.Of(labels);
        foreach (InhibitRuleConfig rule in _rules)
        {
            if (!MatchesAll(rule.TargetMatchers, labels)) continue;
            bool targetIsSource = MatchesAll(rule.SourceMatchers, labels);
            foreach (Alert source in _alerts.Firing(rule.SourceMatchers, now))
            {
                if (source.Fingerprint == self) continue;
                if (targetIsSource && MatchesAll(rule.TargetMatchers, source.Labels)) continue;
                if (!EqualOn(rule.Equal, source.Labels, labels)) continue;
                result.Add(AlertFingerprint.Format(source.Fingerprint));
                return result;   // one source is enough, as in Alertmanager
            }
        }
        return result;
    }

    private static bool MatchesAll(IReadOnlyList<LabelMatcher> matchers, LabelSet labels)
    {
        foreach (LabelMatcher m in matchers)
            if (!m.Matches(labels)) return false;
        return true;
    }

    private static bool EqualOn(IReadOnlyList<string> names, LabelSet a, LabelSet b)
    {
        foreach (string n in names)
            if (a.Get(n) != b.Get(n)) return false;
        return true;
    }
}
