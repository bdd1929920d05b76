using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>
/// Routes alerts into aggregation groups and flushes each group when its timer is due. All timing reads the
/// injected <see cref="TimeProvider"/>, and <see cref="FlushDueAsync"/> can be called directly, so tests step
/// a manual clock instead of sleeping.
/// </summary>
public sealed class Dispatcher
{
    // Keyed by route and a hash of the group labels (see GroupSlot), so routing an alert builds no strings or label sets.
    private readonly Dictionary<GroupSlot, AggregationGroup> _groups = [];
    private readonly Lock _lock = new();
    private readonly NotificationPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly HashSet<AggregationGroup> _inFlight = [];

    public Dispatcher(Route root, NotificationPipeline pipeline, TimeProvider time, ILogger logger)
    {
        Root = root;
        _pipeline = pipeline;
        _time = time;
        _logger = logger;
    }

    public Route Root { get; }

    /// <summary>Puts alerts (new or updated) into the group of every route each matches.</summary>
    public void Process(IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count == 0) return;
        // Routing reads only the immutable tree, so it runs before the lock; the lock is then taken once per batch.
        var slots = new List<(Alert Alert, Route Route, GroupSlot Slot)>(alerts.Count);
        var routes = new List<Route>(4);
        foreach (Alert alert in alerts)
        {
            routes.Clear();
            Root.Match(alert.Labels, routes);
            foreach (Route route in routes) slots.Add((alert, route, GroupSlot.ForAlert(route, alert.Labels)));
        }
        DateTimeOffset now = _time.GetUtcNow();
        bool wake = false;
        lock (_lock)
        {
            foreach (var (alert, route, slot) in slots)
            {
                if (!_groups.TryGetValue(slot, out AggregationGroup? group))
                {
                    LabelSet labels = route.GroupLabels(alert.Labels);
                    group = new AggregationGroup(route, labels, now);
                    _groups[GroupSlot.ForGroup(route, labels)] = group;
                    wake = true;
                }
                DateTimeOffset before = group.NextFlush;
                group.Insert(alert, now);
                wake |= group.NextFlush < before;
            }
        }
        if (wake && _wake.CurrentCount == 0) _wake.Release();
    }

    /// <summary>Each group with a copy of its alerts, for the API.</summary>
    public List<(AggregationGroup Group, List<Alert> Alerts)> Groups()
    {
        lock (_lock) return _groups.Values.Select(g => (g, g.Snapshot())).ToList();
    }

    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock) return _groups.Count == 0 ? null : _groups.Values.Min(g => g.NextFlush);
        }
    }

    /// <summary>Notifies every group whose timer is due; returns how many groups were flushed.</summary>
    public async Task<int> FlushDueAsync(CancellationToken ct = default)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var due = new List<(AggregationGroup Group, List<Alert> Alerts)>();
        lock (_lock)
        {
            foreach (AggregationGroup g in _groups.Values)
            {
                if (g.NextFlush > now || _inFlight.Contains(g)) continue;
                _inFlight.Add(g);
                g.NextFlush = now + g.Route.Options.GroupInterval;
                g.HasFlushed = true;
                due.Add((g, g.Snapshot()));
            }
        }
        await Task.WhenAll(due.Select(d => FlushAsync(d.Group, d.Alerts, now, ct))).ConfigureAwait(false);
        return due.Count;
    }

    private async Task FlushAsync(AggregationGroup group, List<Alert> alerts, DateTimeOffset now, CancellationToken ct)
    {
        // Firing alerts go out without their timeout-derived end, so they do not look resolved to receivers later.
        var copies = alerts.Select(a => a.ResolvedAt(now) ? a : a with { EndsAt = default }).ToList();
        bool ok = false;
        try
        {
            ok = await _pipeline.NotifyAsync(group, copies, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Notifying group {GroupKey} failed", group.GroupKey);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight.Remove(group);
                if (ok)
                {
                    group.DeleteIfUnchanged(alerts.Where(a => a.ResolvedAt(now)));
                    if (group.IsEmpty) _groups.Remove(GroupSlot.ForGroup(group.Route, group.GroupLabels));
                }
            }
        }
    }

    /// <summary>Flushes groups as their timers come due until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Not awaited: one slow receiver retrying must not hold back other groups' timers.
                _ = FlushDueAsync(ct);
                DateTimeOffset? next = NextDue;
                TimeSpan wait = next is null ? TimeSpan.FromSeconds(1) : next.Value - _time.GetUtcNow();
                if (wait > TimeSpan.FromSeconds(1)) wait = TimeSpan.FromSeconds(1);
                if (wait > TimeSpan.Zero) await _wake.WaitAsync(wait, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
