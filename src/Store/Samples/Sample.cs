namespace Metrics.Store.Samples;

/// <summary>One float sample: milliseconds since the Unix epoch and a value.</summary>
public readonly record struct Sample(long TimestampMs, double Value);
