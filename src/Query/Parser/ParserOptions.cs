namespace Metrics.Query.Parser;

/// <summary>Which experimental PromQL syntax the parser accepts; the defaults accept all of it, as the conformance scripts need.</summary>
public sealed record ParserOptions
{
    public static ParserOptions Default { get; } = new();

    /// <summary>Experimental functions (<c>info</c>, <c>mad_over_time</c>, ...) and the limitk/limit_ratio aggregators.</summary>
    public bool EnableExperimentalFunctions { get; init; } = true;

    /// <summary>Arithmetic in ranges, steps and offsets (<c>[2m*15]</c>, <c>offset step()</c>).</summary>
    public bool EnableDurationExpressions { get; init; } = true;

    /// <summary>The <c>anchored</c> and <c>smoothed</c> range-selector modifiers.</summary>
    public bool EnableExtendedRangeSelectors { get; init; } = true;

    /// <summary>The <c>fill</c>, <c>fill_left</c> and <c>fill_right</c> binary-operator modifiers.</summary>
    public bool EnableBinopFillModifiers { get; init; } = true;
}
