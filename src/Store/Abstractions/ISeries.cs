using Metrics.Store.Labels;

namespace Metrics.Store.Abstractions;

/// <summary>One series: its identity and a way to walk its samples in time order.</summary>
public interface ISeries
{
    LabelSet Labels { get; }

    /// <summary>An iterator over the samples; pass an earlier iterator to reuse its buffers.</summary>
    ISampleIterator Iterator(ISampleIterator? reuse = null);
}
