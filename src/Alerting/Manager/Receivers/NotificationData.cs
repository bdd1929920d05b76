using Metrics.Alerting.Manager.Alerts;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>What a notification is about: Alertmanager's template data (<c>.Status</c>, <c>.CommonLabels</c>, ...) plus the group key.</summary>
public sealed class NotificationData
{
    public required string Receiver { get; init; }
    public required string GroupKey { get; init; }
    public required LabelSet GroupLabels { get; init; }

    /// <summary>The alerts, firing ones with a zero end time (Alertmanager hides the timeout-derived end).</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }
    public string ExternalUrl { get; init; } = "";
    public required DateTimeOffset Now { get; init; }

    public string Status => Alerts.Any(a => !a.ResolvedAt(Now)) ? "firing" : "resolved";
    public IEnumerable<Alert> Firing => Alerts.Where(a => !a.ResolvedAt(Now));
    public IEnumerable<Alert> Resolved => Alerts.Where(a => a.ResolvedAt(Now));

    /// <summary>Labels every alert has with the same value.</summary>
    public LabelSet CommonLabels => Common(Alerts.Select(a => (IEnumerable<KeyValuePair<string, string>>)a.Labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value))));

    public LabelSet CommonAnnotations => Common(Alerts.Select(a => (IEnumerable<KeyValuePair<string, string>>)a.Annotations));

    public string StatusOf(Alert alert) => alert.ResolvedAt(Now) ? "resolved" : "firing";

    private static LabelSet Common(IEnumerable<IEnumerable<KeyValuePair<string, string>>> sets)
    {
        Dictionary<string, string>? common = null;
        foreach (var set in sets)
        {
            if (common is null)
            {
                common = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in set) common[k] = v;
                continue;
            }
            var here = set.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            foreach (string k in common.Keys.ToList())
                if (!here.TryGetValue(k, out string? v) || v != common[k]) common.Remove(k);
        }
        var builder = new LabelSetBuilder();
        if (common is not null)
            foreach (var (k, v) in common) builder.Set(k, v);
        return builder.Build();
    }
}
