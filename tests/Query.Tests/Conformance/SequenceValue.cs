namespace Metrics.Query.Tests.Conformance;

/// <summary>One position of a value sequence: a float, a native histogram (not modelled yet) or nothing.</summary>
internal readonly record struct SequenceValue(double Value, bool Omitted, bool IsHistogram)
{
    public static SequenceValue Float(double value) => new(value, false, false);

    public static readonly SequenceValue Missing = new(0, true, false);

    public static readonly SequenceValue Histogram = new(0, false, true);
}
