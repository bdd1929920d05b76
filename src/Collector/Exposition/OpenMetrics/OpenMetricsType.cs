namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>The metric family types an OpenMetrics 1.0 <c># TYPE</c> line can declare.</summary>
public enum OpenMetricsType
{
    /// <summary>Declared <c>unknown</c>, or no TYPE line at all.</summary>
    Unknown,
    /// <summary>Samples <c>name_total</c> and <c>name_created</c>.</summary>
    Counter,
    /// <summary>Samples <c>name</c>.</summary>
    Gauge,
    /// <summary>Samples <c>name_bucket</c>, <c>name_count</c>, <c>name_sum</c> and <c>name_created</c>.</summary>
    Histogram,
    /// <summary>Samples <c>name_bucket</c>, <c>name_gcount</c> and <c>name_gsum</c>.</summary>
    GaugeHistogram,
    /// <summary>Samples <c>name</c>, one per state, labelled with the family name.</summary>
    StateSet,
    /// <summary>Samples <c>name_info</c>.</summary>
    Info,
    /// <summary>Samples <c>name</c> (quantiles), <c>name_count</c>, <c>name_sum</c> and <c>name_created</c>.</summary>
    Summary,
}
