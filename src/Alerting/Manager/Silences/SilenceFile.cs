using System.Text.Json;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Silences;

/// <summary>
/// The silences snapshot on disk (docs/format/alertmanager-state.md): one JSON document, replaced atomically
/// (write to a temporary file, fsync, rename) so a crash leaves either the old or the new snapshot.
/// </summary>
internal static class SilenceFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    internal sealed record MatcherEntry(string Name, string Type, string Value);

    internal sealed record Entry(string Id, List<MatcherEntry> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        DateTimeOffset UpdatedAt, string CreatedBy, string Comment);

    internal sealed record Document(int Version, List<Entry> Silences);

    public static IEnumerable<Silence> Read(string path)
    {
        if (!File.Exists(path)) return [];
        Document doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json) ?? new Document(1, []);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: corrupt silences snapshot: {e.Message}", e);
        }
        return doc.Silences.Select(e => new Silence
        {
            Id = e.Id,
            Matchers = e.Matchers.Select(m => AlertmanagerMatcher.Create(Enum.Parse<MatcherType>(m.Type), m.Name, m.Value)).ToList(),
            StartsAt = e.StartsAt,
            EndsAt = e.EndsAt,
            UpdatedAt = e.UpdatedAt,
            CreatedBy = e.CreatedBy,
            Comment = e.Comment,
        });
    }

    public static void Write(string path, IEnumerable<Silence> silences)
    {
        var doc = new Document(1, silences.Select(s => new Entry(s.Id,
            s.Matchers.Select(m => new MatcherEntry(m.Name, m.Type.ToString(), m.Value)).ToList(),
            s.StartsAt, s.EndsAt, s.UpdatedAt, s.CreatedBy, s.Comment)).ToList());
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(doc, Json));
    }
}
