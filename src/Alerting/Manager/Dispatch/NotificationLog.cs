using System.Text.Json;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>
/// What was last sent to each integration for each group: the firing and resolved alert fingerprints and
/// when. Persisted after every entry (docs/format/alertmanager-state.md), so a restarted manager that sees
/// the same alerts again does not page again before the repeat interval.
/// </summary>
public sealed class NotificationLog
{
    private readonly Dictionary<string, NotificationLogEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly string? _path;
    private readonly TimeSpan _retention;

    public NotificationLog(TimeProvider time, string? path, TimeSpan? retention = null)
    {
        _time = time;
        _path = path;
        _retention = retention ?? TimeSpan.FromHours(120);
        if (path is not null && File.Exists(path))
        {
            try
            {
                foreach (NotificationLogEntry e in JsonSerializer.Deserialize<List<NotificationLogEntry>>(File.ReadAllText(path)) ?? [])
                    _entries[Key(e.GroupKey, e.Receiver)] = e;
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: corrupt notification log: {ex.Message}", ex);
            }
        }
    }

    public NotificationLogEntry? Get(string groupKey, string receiver)
    {
        lock (_lock) return _entries.GetValueOrDefault(Key(groupKey, receiver));
    }

    /// <summary>Records a delivered notification; durable when this returns.</summary>
    public void Log(string groupKey, string receiver, IReadOnlyCollection<ulong> firing, IReadOnlyCollection<ulong> resolved)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var entry = new NotificationLogEntry(groupKey, receiver, now, [.. firing], [.. resolved], now + _retention);
        lock (_lock)
        {
            _entries[Key(groupKey, receiver)] = entry;
            foreach (var key in _entries.Where(e => e.Value.ExpiresAt < now).Select(e => e.Key).ToList()) _entries.Remove(key);
            if (_path is not null) AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(_entries.Values.ToList()));
        }
    }

    private static string Key(string groupKey, string receiver) => groupKey + "\u0000" + receiver;
}

/// <summary>One delivered notification: <see cref="Receiver"/> names the receiver and integration (<c>team/webhook/0</c>).</summary>
public sealed record NotificationLogEntry(string GroupKey, string Receiver, DateTimeOffset Timestamp, List<ulong> Firing, List<ulong> Resolved, DateTimeOffset ExpiresAt);
