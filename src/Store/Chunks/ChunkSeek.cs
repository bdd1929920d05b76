using Metrics.Store.Abstractions;

namespace Metrics.Store.Chunks;

/// <summary>Seek for chunk iterators that can only step forward: no index inside a chunk, so it scans.</summary>
internal static class ChunkSeek
{
    /// <param name="positioned">True when the iterator is on a sample whose time is <paramref name="currentMs"/>.</param>
    public static bool Forward(ISampleIterator iterator, bool exhausted, bool positioned, long currentMs, long targetMs)
    {
        if (exhausted) return false;
        if (positioned && currentMs >= targetMs) return true;
        while (iterator.MoveNext())
        {
            if (iterator.At().TimestampMs >= targetMs) return true;
        }
        return false;
    }
}
