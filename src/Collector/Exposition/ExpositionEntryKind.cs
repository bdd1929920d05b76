namespace Metrics.Collector.Exposition;

/// <summary>What a line of the text exposition format carried; plain comments are skipped and have no kind.</summary>
public enum ExpositionEntryKind
{
    /// <summary>A sample line: series, value and an optional timestamp.</summary>
    Sample,
    /// <summary>A <c># HELP name docstring</c> line.</summary>
    Help,
    /// <summary>A <c># TYPE name type</c> line.</summary>
    Type,
}
