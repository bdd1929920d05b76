using Metrics.Store.Labels;

namespace Metrics.Collector.Scrape;

/// <summary>A discovered target that relabel_configs dropped, kept for /api/v1/targets' droppedTargets.</summary>
public sealed record DroppedTarget(string Job, LabelSet DiscoveredLabels);
