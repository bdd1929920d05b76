using Metrics.Store.Labels;

namespace Metrics.Collector.Scrape;

/// <summary>
/// Maps a series exactly as a target wrote it (raw bytes) to the labels stored for it, after target labels
/// and metric_relabel_configs, so a repeated scrape parses, relabels and allocates nothing per known series.
/// </summary>
/// <remarks>
/// Like Prometheus's scrape cache, entries a successful scrape did not see are evicted, so churn and
/// alternative spellings of one series cannot grow it without bound. One per scrape loop; not thread-safe.
/// </remarks>
internal sealed class SeriesCache
{
    private readonly Dictionary<byte[], Entry> _entries = new(SeriesBytesComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private long _iteration;

    public SeriesCache() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _entries.Count;

    /// <summary>Starts a scrape: entries touched from now on count as seen by it.</summary>
    public void BeginScrape() => _iteration++;

    /// <summary>Finds the labels of a known series and marks it seen; false for a series new to the cache.</summary>
    /// <param name="labels">The stored labels, or null when metric relabeling drops the series.</param>
    public bool TryGet(ReadOnlySpan<byte> series, out LabelSet? labels)
    {
        if (_bySpan.TryGetValue(series, out Entry? entry))
        {
            entry.LastSeen = _iteration;
            labels = entry.Labels;
            return true;
        }
        labels = null;
        return false;
    }

    /// <summary>Remembers the labels of a new series (null: dropped by relabeling).</summary>
    public void Add(ReadOnlySpan<byte> series, LabelSet? labels) =>
        _bySpan[series] = new Entry { Labels = labels, LastSeen = _iteration };

    /// <summary>After a successful scrape: forgets every series it did not contain.</summary>
    public void EvictUnseen()
    {
        // Removing while enumerating is allowed for Dictionary and allocates nothing.
        foreach (KeyValuePair<byte[], Entry> e in _entries)
        {
            if (e.Value.LastSeen != _iteration) _entries.Remove(e.Key);
        }
    }

    private sealed class Entry
    {
        public LabelSet? Labels;
        public long LastSeen;
    }
}
