using Metrics.Store.Labels;

namespace Metrics.Collector.Exposition;

/// <summary>One parsed sample line: its labels (with <c>__name__</c>), value and optional timestamp in milliseconds.</summary>
public readonly record struct ScrapedSample(LabelSet Labels, double Value, long? TimestampMs);
