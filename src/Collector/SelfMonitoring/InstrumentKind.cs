namespace Metrics.Collector.SelfMonitoring;

/// <summary>How an instrument's measurements aggregate into one exposed value per label set.</summary>
internal enum InstrumentKind
{
    /// <summary>Measurements are increments: Counter and UpDownCounter.</summary>
    Sum,
    /// <summary>Measurements replace the value: Gauge and every observable instrument.</summary>
    LastValue,
    /// <summary>Measurements fall into cumulative buckets.</summary>
    Histogram,
}
