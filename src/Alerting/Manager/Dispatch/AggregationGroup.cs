using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>
/// The alerts of one route that share the route's group labels, notified together: first after group_wait,
/// then every group_interval while anything changed (or every repeat_interval when nothing did).
/// </summary>
public sealed class AggregationGroup
{
    private readonly Dictionary<ulong, Alert> _alerts = [];

    public AggregationGroup(Route route, LabelSet groupLabels, DateTimeOffset now)
    {
        Route = route;
        GroupLabels = groupLabels;
        GroupKey = route.Key + ":" + FormatLabels(groupLabels);
        NextFlush = now + route.Options.GroupWait;
    }

    public Route Route { get; }
    public LabelSet GroupLabels { get; }

    /// <summary>Alertmanager's group key, <c>{}/{team="a"}:{alertname="x"}</c>: stable across restarts.</summary>
    public string GroupKey { get; }
    public DateTimeOffset NextFlush { get; internal set; }
    public bool HasFlushed { get; internal set; }
    public bool IsEmpty => _alerts.Count == 0;

    /// <summary>Adds or replaces an alert; an alert that already waited out group_wait makes an unflushed group due now.</summary>
    internal void Insert(Alert alert, DateTimeOffset now)
    {
        _alerts[alert.Fingerprint] = alert;
        if (!HasFlushed && alert.StartsAt + Route.Options.GroupWait < now && NextFlush > now) NextFlush = now;
    }

    internal List<Alert> Snapshot() => [.. _alerts.Values];

    /// <summary>Drops resolved alerts that were notified, unless a newer version arrived meanwhile.</summary>
    internal void DeleteIfUnchanged(IEnumerable<Alert> notified)
    {
        foreach (Alert a in notified)
            if (_alerts.TryGetValue(a.Fingerprint, out Alert? current) && ReferenceEquals(current, a)) _alerts.Remove(a.Fingerprint);
    }

    /// <summary>Prometheus's label set text: <c>{a="1", b="2"}</c>.</summary>
    public static string FormatLabels(LabelSet labels)
    {
        var parts = new List<string>(labels.Count);
        foreach (Label l in labels.AsSpan()) parts.Add($"{l.Name}={Quote(l.Value)}");
        return "{" + string.Join(", ", parts) + "}";
    }

    private static string Quote(string s)
        => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
