using System.Collections.Concurrent;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Store.Memory;

/// <summary>
/// The walking skeleton's store: every sample of every series in a list, no compression,
/// no persistence. It keeps the append rules of the real head (in-order, duplicate handling)
/// so that callers behave the same when the TSDB replaces it.
/// </summary>
public sealed class MemoryStorage : IStorage
{
    private readonly ConcurrentDictionary<LabelSet, MemorySeries> _series = new();

    public int SeriesCount => _series.Count;

    public IAppender CreateAppender() => new MemoryAppender(this);

    public ISeriesQuerier Querier(long minTimeMs, long maxTimeMs) => new MemoryQuerier(this, minTimeMs, maxTimeMs);

    internal MemorySeries GetOrCreate(LabelSet labels) => _series.GetOrAdd(labels, static l => new MemorySeries(l));

    internal IEnumerable<MemorySeries> AllSeries => _series.Values;
}
