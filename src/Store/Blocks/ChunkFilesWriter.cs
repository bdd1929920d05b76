namespace Metrics.Store.Blocks;

/// <summary>Appends chunks to numbered segment files: <c>uvarint length | chunk | crc32c:u32le</c> each.</summary>
internal sealed class ChunkFilesWriter(string dir) : IDisposable
{
    private ByteWriter? _current;
    private int _file = -1;

    /// <summary>Writes one chunk and returns its reference.</summary>
    public ulong Write(ReadOnlySpan<byte> chunk)
    {
        if (_current is null || _current.Position + chunk.Length + 16 > BlockFormat.MaxChunkFileSize) NextFile();
        long offset = _current!.Position;
        _current.WriteUVarint((ulong)chunk.Length);
        _current.Write(chunk);
        _current.WriteUInt32(Wal.Crc32C.Compute(chunk));
        return BlockFormat.ChunkRef(_file, offset);
    }

    private void NextFile()
    {
        _current?.Dispose();
        _file++;
        _current = new ByteWriter(Path.Combine(dir, BlockFormat.ChunkFileName(_file)));
        _current.WriteUInt32(BlockFormat.ChunksMagic);
        _current.Write([BlockFormat.Version, 0, 0, 0]);
    }

    public void Dispose()
    {
        if (_current is null) NextFile();   // an empty block still has one (empty) chunk file
        _current!.Dispose();
    }
}
