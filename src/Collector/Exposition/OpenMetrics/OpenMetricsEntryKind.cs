namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>What a line of an OpenMetrics exposition carried; the closing <c># EOF</c> has no kind.</summary>
public enum OpenMetricsEntryKind
{
    /// <summary>A sample line: series, value, optional timestamp, optional exemplar.</summary>
    Sample,
    /// <summary>A <c># TYPE name type</c> line.</summary>
    Type,
    /// <summary>A <c># HELP name docstring</c> line.</summary>
    Help,
    /// <summary>A <c># UNIT name unit</c> line.</summary>
    Unit,
}
