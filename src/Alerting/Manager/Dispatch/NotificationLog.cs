using System.Text.Json;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>
/// What was last sent to each integration for each group: the firing and resolved alert fingerprints and
/// when. Every entry is appended to a JSON-lines file and fsynced before the notification counts as logged
/// (docs/format/alertmanager-state.md), so a restarted manager that sees the same alerts again does not page
/// again before the repeat interval. The file is rewritten without stale lines once it holds twice as many
/// lines as live entries.
/// </summary>
public sealed class NotificationLog
{
    private readonly Dictionary<string, NotificationLogEntry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly string? _path;
    private readonly TimeSpan _retention;
    private int _linesInFile;

    public NotificationLog(TimeProvider time, string? path, TimeSpan? retention = null)
    {
        _time = time;
        _path = path;
        _retention = retention ?? TimeSpan.FromHours(120);
        if (path is null || !File.Exists(path)) return;
        DateTimeOffset now = time.GetUtcNow();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            NotificationLogEntry? e;
            try
            {
                e = JsonSerializer.Deserialize<NotificationLogEntry>(line);
            }
            catch (JsonException ex)
            {
                // A crash mid-append leaves a torn last line; anything earlier is corruption worth stopping for.
                if (File.ReadLines(path).Skip(lineNumber).Any(l => l.Length > 0))
                    throw new InvalidDataException($"{path}:{lineNumber}: corrupt notification log entry: {ex.Message}", ex);
                break;
            }
            _linesInFile++;
            if (e is not null && e.ExpiresAt > now) _entries[Key(e.GroupKey, e.Receiver)] = e;
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
            if (_path is null) return;
            if (_linesInFile + 1 > Math.Max(1024, 2 * _entries.Count))
            {
                foreach (var key in _entries.Where(e => e.Value.ExpiresAt < now).Select(e => e.Key).ToList()) _entries.Remove(key);
                var all = new MemoryStream();
                foreach (NotificationLogEntry e in _entries.Values) AppendLine(all, e);
                AtomicFile.Write(_path, all.ToArray());
                _linesInFile = _entries.Count;
                return;
            }
            var line = new MemoryStream();
            AppendLine(line, entry);
            using (var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                file.Write(line.GetBuffer(), 0, (int)line.Length);
                file.Flush(flushToDisk: true);
            }
            _linesInFile++;
        }
    }

    private static void AppendLine(MemoryStream stream, NotificationLogEntry entry)
    {
        JsonSerializer.Serialize(stream, entry);
        stream.WriteByte((byte)'\n');
    }

    private static string Key(string groupKey, string receiver) => groupKey + "\u0000" + receiver;
}

/// <summary>One delivered notification: <see cref="Receiver"/> names the receiver and integration (<c>team/webhook/0</c>).</summary>
public sealed record NotificationLogEntry(string GroupKey, string Receiver, DateTimeOffset Timestamp, List<ulong> Firing, List<ulong> Resolved, DateTimeOffset ExpiresAt);
