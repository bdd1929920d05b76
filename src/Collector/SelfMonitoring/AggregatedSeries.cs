namespace Metrics.Collector.SelfMonitoring;

/// <summary>The running aggregate of one instrument for one tag combination.</summary>
internal sealed class AggregatedSeries(KeyValuePair<string, string>[] labels, int bucketCount)
{
    private readonly Lock _lock = new();
    private double _value;
    private double _sum;
    private long _count;
    private readonly long[] _buckets = new long[bucketCount];

    public KeyValuePair<string, string>[] Labels { get; } = labels;

    public void Add(double delta)
    {
        lock (_lock) _value += delta;
    }

    public void Set(double value)
    {
        lock (_lock) _value = value;
    }

    /// <summary>Counts <paramref name="value"/> into the first bucket whose upper bound is at least it.</summary>
    public void Observe(double value, double[] bounds)
    {
        int i = 0;
        while (i < bounds.Length && value > bounds[i]) i++;
        lock (_lock)
        {
            _buckets[i]++;
            _sum += value;
            _count++;
        }
    }

    public double Value
    {
        get
        {
            lock (_lock) return _value;
        }
    }

    /// <summary>A consistent copy of the histogram state: per-bucket (non-cumulative) counts, sum and count.</summary>
    public (long[] Buckets, double Sum, long Count) HistogramSnapshot()
    {
        lock (_lock) return ((long[])_buckets.Clone(), _sum, _count);
    }
}
