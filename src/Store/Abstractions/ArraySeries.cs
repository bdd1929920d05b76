using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Store.Abstractions;

/// <summary>A series whose samples are already in an array: query results, test data, small stores.</summary>
public sealed class ArraySeries(LabelSet labels, Sample[] samples) : ISeries
{
    public LabelSet Labels { get; } = labels;

    public ReadOnlySpan<Sample> Samples => samples;

    public ISampleIterator Iterator(ISampleIterator? reuse = null)
    {
        if (reuse is ArraySampleIterator it)
        {
            it.Reset(samples);
            return it;
        }
        return new ArraySampleIterator(samples);
    }
}
