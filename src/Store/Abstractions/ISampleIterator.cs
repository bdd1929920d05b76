using Metrics.Store.Samples;

namespace Metrics.Store.Abstractions;

/// <summary>A forward cursor over samples in increasing time order.</summary>
public interface ISampleIterator
{
    /// <summary>Advances to the next sample; false at the end.</summary>
    bool MoveNext();

    /// <summary>Advances to the first sample with timestamp &gt;= <paramref name="timestampMs"/>; never moves back.</summary>
    bool Seek(long timestampMs);

    /// <summary>The current sample; valid after a true <see cref="MoveNext"/> or <see cref="Seek"/>.</summary>
    Sample At();
}
