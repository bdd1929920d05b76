using Metrics.Store.Labels;

namespace Metrics.Query.Values;

/// <summary>One element of an instant vector: a series identity and its value at the evaluation time.</summary>
public readonly record struct VectorSample(LabelSet Labels, long TimestampMs, double Value);
