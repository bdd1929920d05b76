using Metrics.Store.Abstractions;
using Metrics.Store.Chunks;
using Metrics.Store.Samples;

namespace Metrics.Store.Querying;

/// <summary>
/// Walks a list of chunks in time order, skipping chunks outside [min, max] without decoding
/// them and dropping samples outside the range at the edges. Samples repeated at the same
/// timestamp across chunks (overlapping sources) are returned once.
/// </summary>
public sealed class ChunkSeriesIterator : ISampleIterator
{
    private IReadOnlyList<ChunkSpan> _chunks = [];
    private long _min;
    private long _max;
    private int _next;
    private ISampleIterator? _current;
    private ISampleIterator? _spare;
    private Sample _at;
    private bool _started;
    private bool _done;

    public ChunkSeriesIterator(IReadOnlyList<ChunkSpan> chunks, long minTimeMs, long maxTimeMs) => Reset(chunks, minTimeMs, maxTimeMs);

    public void Reset(IReadOnlyList<ChunkSpan> chunks, long minTimeMs, long maxTimeMs)
    {
        _chunks = chunks;
        _min = minTimeMs;
        _max = maxTimeMs;
        _next = 0;
        if (_current is not null) _spare = _current;
        _current = null;
        _started = false;
        _done = false;
    }

    public bool MoveNext()
    {
        if (_done) return false;
        while (true)
        {
            if (_current is null && !OpenNextChunk()) return Finish();
            while (_current!.MoveNext())
            {
                Sample s = _current.At();
                if (s.TimestampMs < _min) continue;
                if (s.TimestampMs > _max) return Finish();
                if (_started && s.TimestampMs <= _at.TimestampMs) continue;
                _at = s;
                _started = true;
                return true;
            }
            _spare = _current;
            _current = null;
        }
    }

    public bool Seek(long timestampMs)
    {
        if (_done) return false;
        if (_started && _at.TimestampMs >= timestampMs) return true;
        if (timestampMs > _min) _min = timestampMs;
        // Chunks that end before the target are skipped without decoding.
        if (_current is null)
        {
            while (_next < _chunks.Count && _chunks[_next].MaxTimeMs < timestampMs) _next++;
        }
        return MoveNext();
    }

    public Sample At() => _at;

    private bool OpenNextChunk()
    {
        while (_next < _chunks.Count)
        {
            ChunkSpan c = _chunks[_next++];
            if (c.MaxTimeMs < _min) continue;
            if (c.MinTimeMs > _max) return false;
            _current = ChunkReader.GetIterator(c.Data, _spare);
            _spare = null;
            return true;
        }
        return false;
    }

    private bool Finish()
    {
        _done = true;
        return false;
    }
}
