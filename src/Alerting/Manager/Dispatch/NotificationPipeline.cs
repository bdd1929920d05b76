using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Inhibition;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Alerting.Manager.Silences;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>
/// What happens to a group's alerts on each flush, as in Alertmanager's notify pipeline: silenced and
/// inhibited alerts are dropped, then every integration of the receiver is sent what changed since its
/// last notification (per the notification log), with retries, and the delivery is logged.
/// </summary>
public sealed class NotificationPipeline
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<ReceiverIntegration>> _receivers;
    private readonly SilenceStore _silences;
    private readonly Inhibitor _inhibitor;
    private readonly NotificationLog _log;
    private readonly RetryingSender _sender;
    private readonly TimeProvider _time;
    private readonly string _externalUrl;
    private readonly IReadOnlyDictionary<string, Configuration.TimeIntervalConfig> _intervals;

    public NotificationPipeline(IReadOnlyDictionary<string, IReadOnlyList<ReceiverIntegration>> receivers, SilenceStore silences,
        Inhibitor inhibitor, NotificationLog log, RetryingSender sender, TimeProvider time, string externalUrl,
        IReadOnlyDictionary<string, Configuration.TimeIntervalConfig>? intervals = null)
    {
        _intervals = intervals ?? new Dictionary<string, Configuration.TimeIntervalConfig>();
        _receivers = receivers;
        _silences = silences;
        _inhibitor = inhibitor;
        _log = log;
        _sender = sender;
        _time = time;
        _externalUrl = externalUrl;
    }

    /// <summary>True when every integration either had nothing new or accepted the notification.</summary>
    public async Task<bool> NotifyAsync(AggregationGroup group, IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        // Outside its active intervals, or inside a mute interval, a route notifies nobody and logs nothing.
        Routing.RouteOptions options = group.Route.Options;
        if (options.MuteTimeIntervals.Any(name => _intervals.TryGetValue(name, out var i) && i.Contains(now))) return true;
        if (options.ActiveTimeIntervals.Count > 0 && !options.ActiveTimeIntervals.Any(name => _intervals.TryGetValue(name, out var i) && i.Contains(now))) return true;
        var unmuted = new List<Alert>(alerts.Count);
        foreach (Alert a in alerts)
            if (_silences.MutedBy(a.Labels).Count == 0 && _inhibitor.InhibitedBy(a.Labels).Count == 0) unmuted.Add(a);
        if (unmuted.Count == 0) return true;
        unmuted.Sort(AlertOrder.Instance);

        var firing = new HashSet<ulong>();
        var resolved = new HashSet<ulong>();
        foreach (Alert a in unmuted) (a.ResolvedAt(now) ? resolved : firing).Add(a.Fingerprint);

        string receiver = group.Route.Options.Receiver;
        IReadOnlyList<ReceiverIntegration> integrations = _receivers.GetValueOrDefault(receiver) ?? [];
        var sends = integrations.Select(i => SendOneAsync(i, group, unmuted, firing, resolved, now, ct)).ToList();
        bool[] outcomes = await Task.WhenAll(sends).ConfigureAwait(false);
        return outcomes.All(ok => ok);
    }

    private async Task<bool> SendOneAsync(ReceiverIntegration integration, AggregationGroup group, List<Alert> alerts,
        HashSet<ulong> firing, HashSet<ulong> resolved, DateTimeOffset now, CancellationToken ct)
    {
        NotificationLogEntry? entry = _log.Get(group.GroupKey, integration.Name);
        if (!NeedsUpdate(entry, firing, resolved, integration.Notifier.SendResolved, group.Route.Options.RepeatInterval, now)) return true;
        List<Alert> toSend = integration.Notifier.SendResolved ? alerts : alerts.Where(a => !a.ResolvedAt(now)).ToList();
        if (toSend.Count > 0)
        {
            var data = new NotificationData
            {
                Receiver = integration.Receiver,
                GroupKey = group.GroupKey,
                GroupLabels = group.GroupLabels,
                Alerts = toSend,
                ExternalUrl = _externalUrl,
                Now = now,
            };
            if (!await _sender.SendAsync(integration.Notifier, data, integration.Name, ct).ConfigureAwait(false)) return false;
        }
        _log.Log(group.GroupKey, integration.Name, firing, resolved);
        return true;
    }

    /// <summary>Alertmanager's dedup rule: notify on new firing alerts, on newly resolved ones (when they are sent), or after repeat_interval.</summary>
    internal static bool NeedsUpdate(NotificationLogEntry? entry, HashSet<ulong> firing, HashSet<ulong> resolved, bool sendResolved,
        TimeSpan repeatInterval, DateTimeOffset now)
    {
        if (entry is null) return firing.Count > 0;
        if (!firing.IsSubsetOf(entry.Firing)) return true;
        // All resolved: tell the receiver if it had heard of any firing alert (this also clears the log entry's firing set).
        if (firing.Count == 0) return entry.Firing.Count > 0;
        if (sendResolved && !resolved.IsSubsetOf(entry.Resolved)) return true;
        return entry.Timestamp <= now - repeatInterval;
    }
}
