using System.Buffers;
using Metrics.Store.Abstractions;
using Metrics.Store.Chunks;
using Metrics.Store.Querying;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

/// <summary>
/// Decodes one series' samples in [min, max] straight into a pooled buffer. Chunk-backed series
/// (head and blocks) are decoded chunk by chunk through the concrete iterator type, so the per-sample
/// calls are direct instead of two layers of interface dispatch; other series go through their
/// iterator. Chunks outside the range are skipped undecoded and a timestamp repeated by an
/// overlapping chunk is kept once, as <see cref="ChunkSeriesIterator"/> does.
/// </summary>
internal sealed class SeriesSampleReader : IDisposable
{
    private Sample[] _buffer = ArrayPool<Sample>.Shared.Rent(256);
    private ISampleIterator? _chunkIterator;
    private ISampleIterator? _seriesIterator;
    private int _count;
    private long _last;
    private bool _dropStale;

    /// <summary>The buffer the last <see cref="Read"/> filled; valid until the next call.</summary>
    public Sample[] Buffer => _buffer;

    /// <summary>Reads the samples with <paramref name="minInclusive"/> &lt;= t &lt;= <paramref name="maxInclusive"/>; returns how many.</summary>
    public int Read(ISeries series, long minInclusive, long maxInclusive, bool dropStale)
    {
        _count = 0;
        _last = long.MinValue;
        _dropStale = dropStale;
        if (series is ChunkSeries chunked)
        {
            IReadOnlyList<ChunkSpan> chunks = chunked.Chunks;
            for (int c = 0; c < chunks.Count; c++)
            {
                ChunkSpan chunk = chunks[c];
                if (chunk.MaxTimeMs < minInclusive) continue;
                if (chunk.MinTimeMs > maxInclusive) break;
                _chunkIterator = ChunkReader.GetIterator(chunk.Data, _chunkIterator);
                bool more = _chunkIterator switch
                {
                    PackedIterator packed => ReadChunk(packed, minInclusive, maxInclusive),
                    XorIterator xor => ReadChunk(xor, minInclusive, maxInclusive),
                    _ => ReadChunk(_chunkIterator, minInclusive, maxInclusive),
                };
                if (!more) break;
            }
            return _count;
        }
        _seriesIterator = series.Iterator(_seriesIterator);
        ReadChunk(_seriesIterator, minInclusive, maxInclusive);
        return _count;
    }

    /// <summary>Generic over the iterator type so each concrete iterator gets its own compiled loop with direct calls.</summary>
    /// <returns>False once a sample past <paramref name="max"/> was seen: later chunks hold nothing in range.</returns>
    private bool ReadChunk<TIterator>(TIterator it, long min, long max)
        where TIterator : class, ISampleIterator
    {
        while (it.MoveNext())
        {
            Sample s = it.At();
            long t = s.TimestampMs;
            if (t < min) continue;
            if (t > max) return false;
            if (t <= _last) continue;
            _last = t;
            if (_dropStale && StaleMarker.IsStale(s.Value)) continue;
            if (_count == _buffer.Length) Grow();
            _buffer[_count++] = s;
        }
        return true;
    }

    private void Grow()
    {
        Sample[] larger = ArrayPool<Sample>.Shared.Rent(_buffer.Length * 2);
        _buffer.AsSpan(0, _count).CopyTo(larger);
        ArrayPool<Sample>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        ArrayPool<Sample>.Shared.Return(_buffer);
        _buffer = [];
    }
}
