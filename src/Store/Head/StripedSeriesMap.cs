using Metrics.Store.Labels;

namespace Metrics.Store.Head;

/// <summary>
/// Series by labels and by reference, split into lock stripes chosen by hash so that appenders
/// on two cores rarely wait for each other.
/// </summary>
public sealed class StripedSeriesMap
{
    private const int Stripes = 64;
    private readonly Dictionary<LabelSet, HeadSeries>[] _byLabels = new Dictionary<LabelSet, HeadSeries>[Stripes];
    private readonly Dictionary<ulong, HeadSeries>[] _byRef = new Dictionary<ulong, HeadSeries>[Stripes];
    private readonly Lock[] _locks = new Lock[Stripes];
    private int _count;

    public StripedSeriesMap()
    {
        for (int i = 0; i < Stripes; i++)
        {
            _byLabels[i] = [];
            _byRef[i] = [];
            _locks[i] = new Lock();
        }
    }

    public int Count => Volatile.Read(ref _count);

    public HeadSeries? Get(LabelSet labels)
    {
        int s = (int)(labels.StableHash % Stripes);
        lock (_locks[s]) return _byLabels[s].GetValueOrDefault(labels);
    }

    public HeadSeries? Get(ulong reference)
    {
        int s = (int)(reference % Stripes);
        lock (_locks[s]) return _byRef[s].GetValueOrDefault(reference);
    }

    /// <summary>Returns the series for <paramref name="labels"/>, creating it with <paramref name="create"/> when absent.</summary>
    public HeadSeries GetOrAdd(LabelSet labels, Func<HeadSeries> create, out bool created)
    {
        int s = (int)(labels.StableHash % Stripes);
        HeadSeries series;
        lock (_locks[s])
        {
            if (_byLabels[s].TryGetValue(labels, out HeadSeries? existing))
            {
                created = false;
                return existing;
            }
            series = create();
            _byLabels[s][labels] = series;
        }
        int r = (int)(series.Reference % Stripes);
        lock (_locks[r]) _byRef[r][series.Reference] = series;
        Interlocked.Increment(ref _count);
        created = true;
        return series;
    }

    public void Remove(HeadSeries series)
    {
        int s = (int)(series.Labels.StableHash % Stripes);
        lock (_locks[s]) _byLabels[s].Remove(series.Labels);
        int r = (int)(series.Reference % Stripes);
        lock (_locks[r]) _byRef[r].Remove(series.Reference);
        Interlocked.Decrement(ref _count);
    }

    /// <summary>A snapshot of every series, for maintenance passes.</summary>
    public List<HeadSeries> Snapshot()
    {
        var all = new List<HeadSeries>(Count);
        for (int i = 0; i < Stripes; i++)
            lock (_locks[i]) all.AddRange(_byRef[i].Values);
        return all;
    }
}
