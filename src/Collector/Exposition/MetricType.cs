namespace Metrics.Collector.Exposition;

/// <summary>The metric types a <c># TYPE</c> line of the text format can declare.</summary>
public enum MetricType
{
    /// <summary>No type declared, or <c>untyped</c>.</summary>
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}
