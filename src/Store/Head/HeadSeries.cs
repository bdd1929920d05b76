using Metrics.Store.Abstractions;
using Metrics.Store.Chunks;
using Metrics.Store.Labels;
using Metrics.Store.Querying;
using Metrics.Store.Samples;

namespace Metrics.Store.Head;

/// <summary>
/// One series in memory: finished chunks (compactly re-encoded) and an open XOR chunk that
/// grows sample by sample. Every member is guarded by the series' own lock.
/// </summary>
public sealed class HeadSeries
{
    /// <summary>A chunk is cut after this many samples, as in Prometheus.</summary>
    public const int SamplesPerChunk = 120;

    [ThreadStatic]
    private static Sample[]? t_cutBuffer;

    private readonly Lock _lock = new();
    private readonly List<ChunkSpan> _finished = [];
    private XorAppender? _open;
    private long _openMinT;
    private long _openBoundary;
    private long _lastT = long.MinValue;
    private ulong _lastBits;

    public HeadSeries(ulong reference, LabelSet labels)
    {
        Reference = reference;
        Labels = labels;
    }

    public ulong Reference { get; }

    public LabelSet Labels { get; }

    /// <summary>True once the series record is in the WAL; guarded by the head's commit lock.</summary>
    internal bool Logged { get; set; }

    /// <summary>True once truncation dropped it from the head; guarded by the head's commit lock.</summary>
    internal bool Removed { get; set; }

    /// <summary>The newest timestamp, or long.MinValue when empty.</summary>
    public long MaxTime
    {
        get
        {
            lock (_lock) return _lastT;
        }
    }

    /// <summary>Checks the append rules without appending.</summary>
    public AppendStatus CanAppend(long t, double v)
    {
        lock (_lock) return Check(t, v);
    }

    /// <summary>Appends after the same checks; chunks are cut at 120 samples and at block boundaries.</summary>
    public AppendStatus Append(long t, double v, long blockRangeMs)
    {
        lock (_lock)
        {
            AppendStatus status = Check(t, v);
            if (status != AppendStatus.Ok) return status;
            if (_open is not null && (_open.Count >= SamplesPerChunk || t >= _openBoundary)) CutOpenChunk();
            if (_open is null)
            {
                _open = new XorAppender(64);
                _openMinT = t;
                // Chunks never straddle a block boundary, so a block can take whole chunks.
                _openBoundary = t - (((t % blockRangeMs) + blockRangeMs) % blockRangeMs) + blockRangeMs;
            }
            _open.Append(t, v);
            _lastT = t;
            _lastBits = BitConverter.DoubleToUInt64Bits(v);
            return AppendStatus.Ok;
        }
    }

    private AppendStatus Check(long t, double v)
    {
        if (_lastT == long.MinValue || t > _lastT) return AppendStatus.Ok;
        if (t < _lastT) return AppendStatus.OutOfOrder;
        return BitConverter.DoubleToUInt64Bits(v) == _lastBits ? AppendStatus.DuplicateIgnored : AppendStatus.DuplicateTimestamp;
    }

    /// <summary>The chunks overlapping [min, max], the open one copied so later appends do not race the reader.</summary>
    public List<ChunkSpan> ChunksIn(long minTimeMs, long maxTimeMs)
    {
        lock (_lock)
        {
            var result = new List<ChunkSpan>();
            foreach (ChunkSpan c in _finished)
                if (c.MaxTimeMs >= minTimeMs && c.MinTimeMs <= maxTimeMs) result.Add(c);
            if (_open is { Count: > 0 } && _lastT >= minTimeMs && _openMinT <= maxTimeMs)
                result.Add(new ChunkSpan(_openMinT, _lastT, OpenChunkBytes()));
            return result;
        }
    }

    /// <summary>Finished chunks entirely before <paramref name="beforeMs"/> are dropped (they live in a block now).</summary>
    public int TruncateBefore(long beforeMs)
    {
        lock (_lock)
        {
            return _finished.RemoveAll(c => c.MaxTimeMs < beforeMs);
        }
    }

    /// <summary>Cuts the open chunk if it ends before <paramref name="beforeMs"/>, so it can be written to a block.</summary>
    public void CloseChunkBefore(long beforeMs)
    {
        lock (_lock)
        {
            if (_open is { Count: > 0 } && _lastT < beforeMs) CutOpenChunk();
        }
    }

    /// <summary>True when the series holds no samples at all.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock) return _finished.Count == 0 && (_open is null || _open.Count == 0);
        }
    }

    private void CutOpenChunk()
    {
        XorAppender open = _open!;
        // Re-encode the finished chunk with the compact encoder; the XOR form is only for growing.
        if (t_cutBuffer is null || t_cutBuffer.Length < open.Count) t_cutBuffer = new Sample[Math.Max(open.Count, SamplesPerChunk)];
        Span<Sample> samples = t_cutBuffer;
        var it = new XorIterator(open.ToArray());
        int n = 0;
        while (it.MoveNext()) samples[n++] = it.At();
        byte[] data = ChunkEncoder.Encode(samples[..n]);
        _finished.Add(new ChunkSpan(_openMinT, _lastT, data));
        open.Dispose();
        _open = null;
    }

    private byte[] OpenChunkBytes()
    {
        ReadOnlySpan<byte> xor = _open!.Bytes;
        var data = new byte[xor.Length + 1];
        data[0] = (byte)ChunkEncoding.Xor;
        xor.CopyTo(data.AsSpan(1));
        return data;
    }
}
