using System.Runtime.InteropServices;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Alerts;

/// <summary>
/// The current version of every alert, by fingerprint. Overlapping versions merge as in Alertmanager;
/// resolved alerts are dropped by <see cref="CollectGarbage"/> once they are no longer needed.
/// </summary>
public sealed class AlertStore
{
    private readonly Dictionary<ulong, Alert> _alerts = [];
    private readonly Lock _lock = new();

    private long _version;

    /// <summary>Grows on every change, so readers can cache what they derive from the store.</summary>
    public long Version => Interlocked.Read(ref _version);

    public int Count
    {
        get { lock (_lock) return _alerts.Count; }
    }

    /// <summary>
    /// Stores a batch under one lock, merging each alert with an overlapping older version; each element is
    /// replaced by what is now stored for it.
    /// </summary>
    public void PutAll(List<Alert> alerts, DateTimeOffset now)
    {
        if (alerts.Count == 0) return;
        lock (_lock)
        {
            for (int i = 0; i < alerts.Count; i++) alerts[i] = PutLocked(alerts[i], now);
            Interlocked.Increment(ref _version);
        }
    }

    private Alert PutLocked(Alert alert, DateTimeOffset now)
    {
        // One hash lookup for both the read and the write: this runs for every received alert.
        ref Alert? slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_alerts, alert.Fingerprint, out bool exists);
        Alert? old = slot;
        if (exists && ((alert.EndsAt > old!.StartsAt && alert.EndsAt < old.EndsAt) || (alert.StartsAt > old.StartsAt && alert.StartsAt < old.EndsAt)))
        {
            alert = old.Merge(alert, now);
        }
        slot = alert;
        return alert;
    }

    public Alert? Get(ulong fingerprint)
    {
        lock (_lock) return _alerts.GetValueOrDefault(fingerprint);
    }

    /// <summary>A snapshot of all alerts, resolved ones included.</summary>
    public List<Alert> All()
    {
        lock (_lock) return [.. _alerts.Values];
    }

    /// <summary>Firing alerts whose labels satisfy every matcher.</summary>
    public List<Alert> Firing(IReadOnlyList<LabelMatcher> matchers, DateTimeOffset now)
    {
        var result = new List<Alert>();
        lock (_lock)
        {
            foreach (Alert a in _alerts.Values)
            {
                if (a.ResolvedAt(now)) continue;
                bool all = true;
                foreach (LabelMatcher m in matchers)
                {
                    if (!m.Matches(a.Labels)) { all = false; break; }
                }
                if (all) result.Add(a);
            }
        }
        return result;
    }

    /// <summary>Drops alerts resolved before <paramref name="before"/>; returns how many went.</summary>
    public int CollectGarbage(DateTimeOffset before)
    {
        lock (_lock)
        {
            var gone = new List<ulong>();
            foreach (var (fp, a) in _alerts)
                if (a.ResolvedAt(before)) gone.Add(fp);
            foreach (ulong fp in gone) _alerts.Remove(fp);
            if (gone.Count > 0) Interlocked.Increment(ref _version);
            return gone.Count;
        }
    }
}
