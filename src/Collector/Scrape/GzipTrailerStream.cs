namespace Metrics.Collector.Scrape;

/// <summary>
/// A read-only pass-through that remembers the last 8 bytes read: a gzip member's trailer (CRC-32 and size).
/// .NET's GZipStream ends silently on a truncated stream, so the scraper checks the trailer itself, as Go's
/// gzip reader does.
/// </summary>
internal sealed class GzipTrailerStream(Stream inner) : Stream
{
    private readonly byte[] _tail = new byte[8];
    private long _total;

    /// <summary>Whether the data decompressed from this stream matches the trailer; false when truncated or corrupt.</summary>
    public bool Matches(ReadOnlySpan<byte> decompressed)
    {
        if (_total < 18) return false;                   // shorter than a gzip header plus trailer
        // The tail is a ring; rebuild it in order.
        Span<byte> trailer = stackalloc byte[8];
        int start = (int)(_total % 8);
        for (int i = 0; i < 8; i++) trailer[i] = _tail[(start + i) % 8];
        uint crc = BitConverter.ToUInt32(trailer[..4]);
        uint size = BitConverter.ToUInt32(trailer[4..]);
        return size == (uint)decompressed.Length && crc == Crc32.Compute(decompressed);
    }

    public override int Read(byte[] buffer, int offset, int count) => Remember(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Remember(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Remember(buffer.Span[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Remember(ReadOnlySpan<byte> read)
    {
        // Only the last 8 bytes can matter; older ones are overwritten in the ring.
        ReadOnlySpan<byte> last = read.Length > 8 ? read[^8..] : read;
        long position = _total + read.Length - last.Length;
        foreach (byte b in last) _tail[position++ % 8] = b;
        _total += read.Length;
        return read.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _total; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
