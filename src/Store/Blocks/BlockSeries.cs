using Metrics.Store.Labels;
using Metrics.Store.Querying;

namespace Metrics.Store.Blocks;

/// <summary>A series and its chunks in time order, as a block writer takes them.</summary>
public sealed record BlockSeries(LabelSet Labels, IReadOnlyList<ChunkSpan> Chunks);
