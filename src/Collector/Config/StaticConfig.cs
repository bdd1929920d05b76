using Metrics.Store.Labels;

namespace Metrics.Collector.Config;

/// <summary>A fixed list of targets with labels that every one of them gets.</summary>
public sealed record StaticConfig(IReadOnlyList<string> Targets, LabelSet Labels);
