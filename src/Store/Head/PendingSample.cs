namespace Metrics.Store.Head;

/// <summary>A sample staged by an appender, already resolved to its series.</summary>
internal readonly record struct PendingSample(HeadSeries Series, long TimestampMs, double Value);
