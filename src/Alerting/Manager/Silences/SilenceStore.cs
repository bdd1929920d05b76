using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Silences;

/// <summary>
/// All silences, with Alertmanager's update rules (a silence that cannot be changed in place is expired and
/// replaced by a new one). Every change is written to disk before it is acknowledged; expired silences are
/// kept for <see cref="Retention"/> so the API can still show them.
/// </summary>
public sealed class SilenceStore
{
    private readonly Dictionary<string, Silence> _silences = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly string? _path;

    public SilenceStore(TimeProvider time, string? path, TimeSpan? retention = null)
    {
        _time = time;
        _path = path;
        Retention = retention ?? TimeSpan.FromHours(120);
        if (path is not null)
            foreach (Silence s in SilenceFile.Read(path)) _silences[s.Id] = s;
    }

    public TimeSpan Retention { get; }

    /// <summary>Creates or updates a silence and returns its id (a new one when the old could not be updated in place).</summary>
    /// <exception cref="KeyNotFoundException">the id names no silence.</exception>
    /// <exception cref="ArgumentException">the silence is invalid; the message says why.</exception>
    public string Set(Silence silence)
    {
        Validate(silence);
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (silence.Id.Length > 0)
            {
                if (!_silences.TryGetValue(silence.Id, out Silence? previous)) throw new KeyNotFoundException("silence not found");
                if (CanUpdate(previous, silence, now))
                {
                    Store(silence with { UpdatedAt = now });
                    return silence.Id;
                }
                if (previous.StateAt(now) != SilenceState.Expired) Store(Expired(previous, now));
            }
            Silence created = silence with
            {
                Id = Guid.NewGuid().ToString(),
                StartsAt = silence.StartsAt < now ? now : silence.StartsAt,
                UpdatedAt = now,
            };
            Store(created);
            return created.Id;
        }
    }

    /// <summary>Ends a silence now (a pending one never starts).</summary>
    /// <exception cref="KeyNotFoundException">the id names no silence.</exception>
    public void Expire(string id)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_silences.TryGetValue(id, out Silence? s)) throw new KeyNotFoundException("silence not found");
            // Expiring an expired silence succeeds and changes nothing, as in Alertmanager 0.25's API.
            if (s.StateAt(now) == SilenceState.Expired) return;
            Store(Expired(s, now));
        }
    }

    public Silence? Get(string id)
    {
        lock (_lock) return _silences.GetValueOrDefault(id);
    }

    public List<Silence> All()
    {
        lock (_lock) return [.. _silences.Values];
    }

    /// <summary>Ids of the active silences that mute an alert with these labels.</summary>
    public List<string> MutedBy(LabelSet labels)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var ids = new List<string>();
        lock (_lock)
        {
            foreach (Silence s in _silences.Values)
                if (s.StateAt(now) == SilenceState.Active && s.Matches(labels)) ids.Add(s.Id);
        }
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>Forgets silences that expired more than <see cref="Retention"/> ago.</summary>
    public int CollectGarbage()
    {
        DateTimeOffset cutoff = _time.GetUtcNow() - Retention;
        lock (_lock)
        {
            var gone = _silences.Values.Where(s => s.EndsAt < cutoff).Select(s => s.Id).ToList();
            foreach (string id in gone) _silences.Remove(id);
            if (gone.Count > 0) Persist();
            return gone.Count;
        }
    }

    private static Silence Expired(Silence s, DateTimeOffset now)
        => s.StateAt(now) == SilenceState.Pending ? s with { StartsAt = now, EndsAt = now, UpdatedAt = now } : s with { EndsAt = now, UpdatedAt = now };

    private static bool CanUpdate(Silence previous, Silence next, DateTimeOffset now)
    {
        if (!SameMatchers(previous.Matchers, next.Matchers)) return false;
        return previous.StateAt(now) switch
        {
            SilenceState.Active => next.StartsAt == previous.StartsAt && next.EndsAt >= now,
            SilenceState.Pending => next.StartsAt >= now,
            _ => false,
        };
    }

    private static bool SameMatchers(IReadOnlyList<LabelMatcher> a, IReadOnlyList<LabelMatcher> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++)
            if (a[i].Name != b[i].Name || a[i].Type != b[i].Type || a[i].Value != b[i].Value) return false;
        return true;
    }

    private static void Validate(Silence s)
    {
        if (s.Matchers.Count == 0) throw new ArgumentException("at least one matcher required");
        bool allMatchEmpty = true;
        foreach (LabelMatcher m in s.Matchers)
        {
            if (!LabelNames.IsValidLabelName(m.Name)) throw new ArgumentException($"invalid label name \"{m.Name}\"");
            if (!m.Matches(string.Empty)) allMatchEmpty = false;
        }
        if (allMatchEmpty) throw new ArgumentException("at least one matcher must not match the empty string");
        if (s.StartsAt == default) throw new ArgumentException("invalid zero start timestamp");
        if (s.EndsAt == default) throw new ArgumentException("invalid zero end timestamp");
        if (s.EndsAt < s.StartsAt) throw new ArgumentException("end time must not be before start time");
    }

    private void Store(Silence s)
    {
        _silences[s.Id] = s;
        Persist();
    }

    private void Persist()
    {
        if (_path is not null) SilenceFile.Write(_path, _silences.Values);
    }
}
