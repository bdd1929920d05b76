using Metrics.Store.Samples;

namespace Metrics.Store.Abstractions;

/// <summary>A cursor over a sample array, reusable through <see cref="Reset"/>.</summary>
public sealed class ArraySampleIterator(Sample[] samples) : ISampleIterator
{
    private Sample[] _samples = samples;
    private int _index = -1;

    public void Reset(Sample[] samples)
    {
        _samples = samples;
        _index = -1;
    }

    public bool MoveNext()
    {
        if (_index < _samples.Length) _index++;
        return _index < _samples.Length;
    }

    public bool Seek(long timestampMs)
    {
        if (_index < 0) _index = 0;
        if (_index >= _samples.Length) return false;
        if (_samples[_index].TimestampMs >= timestampMs) return true;
        // Binary search forward from the current position; Seek never moves back.
        int lo = _index, hi = _samples.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_samples[mid].TimestampMs < timestampMs) lo = mid + 1;
            else hi = mid;
        }
        _index = lo;
        return _index < _samples.Length;
    }

    public Sample At() => _samples[_index];
}
