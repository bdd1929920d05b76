using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>
/// Label matchers as Alertmanager compiles them (routes, inhibit rules, silences, API filters): regexes are
/// anchored <c>^(?:...)$</c> without RE2's <c>s</c> flag, so <c>.</c> does not match a newline, unlike Prometheus.
/// </summary>
public static class AlertmanagerMatcher
{
    public static LabelMatcher Create(MatcherType type, string name, string value) => new(type, name, value, dotMatchesNewline: false);
}
