using System.Buffers.Binary;
using Metrics.Store.Abstractions;
using Metrics.Store.Index;
using Metrics.Store.Labels;
using Metrics.Store.Querying;

namespace Metrics.Store.Blocks;

/// <summary>
/// An open, immutable block: the index and chunk files are memory-mapped; symbols and the
/// postings table are loaded, series and chunks are read on demand. Queries hold a lease, so a
/// block removed by compaction or retention is unmapped only after its last reader finishes.
/// </summary>
public sealed class BlockReader : ISeriesQueryable, IPostingsSource, IDisposable
{
    private readonly MappedFile _index;
    private readonly MappedFile[] _chunks;
    private readonly string[] _symbols;
    private readonly SortedDictionary<string, SortedDictionary<string, int>> _postingsTable = new(StringComparer.Ordinal);
    private readonly int _seriesStart;
    private readonly int _seriesTableStart;
    private readonly int _postingsStart;
    private readonly int _seriesCount;
    private int _leases = 1;   // the store's own reference

    private BlockReader(string dir, BlockMeta meta, MappedFile index, MappedFile[] chunks)
    {
        Dir = dir;
        Meta = meta;
        _index = index;
        _chunks = chunks;
        ReadOnlySpan<byte> data = index.GetSpan();
        if (data.Length < 5 + BlockFormat.TocSize || BinaryPrimitives.ReadUInt32LittleEndian(data) != BlockFormat.IndexMagic)
            throw new InvalidDataException($"{dir}: not a block index");
        ReadOnlySpan<byte> toc = data[^BlockFormat.TocSize..];
        if (Wal.Crc32C.Compute(toc[..40]) != BinaryPrimitives.ReadUInt32LittleEndian(toc[40..]))
            throw new InvalidDataException($"{dir}: index table of contents fails its checksum");
        int symbolsStart = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(toc));
        _seriesStart = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(toc[8..]));
        _seriesTableStart = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(toc[16..]));
        _postingsStart = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(toc[24..]));
        int postingsTableStart = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(toc[32..]));

        var reader = new SpanReader(data, symbolsStart);
        _symbols = new string[reader.ReadInt()];
        for (int i = 0; i < _symbols.Length; i++) _symbols[i] = string.Intern(reader.ReadString());

        reader.Position = _seriesTableStart;
        _seriesCount = reader.ReadInt();
        _seriesTableStart = reader.Position;

        reader.Position = postingsTableStart;
        int pairs = reader.ReadInt();
        for (int i = 0; i < pairs; i++)
        {
            string name = _symbols[reader.ReadInt()];
            string value = _symbols[reader.ReadInt()];
            int offset = reader.ReadInt();
            if (!_postingsTable.TryGetValue(name, out var values)) _postingsTable[name] = values = new(StringComparer.Ordinal);
            values[value] = offset;
        }
    }

    public string Dir { get; }

    public BlockMeta Meta { get; }

    public int SeriesCount => _seriesCount;

    /// <summary>Bytes of the block on disk.</summary>
    public long SizeBytes => Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public static BlockReader Open(string dir)
    {
        BlockMeta meta = BlockMeta.Read(dir);
        var index = new MappedFile(Path.Combine(dir, BlockFormat.IndexFile));
        var chunkFiles = Directory.GetFiles(Path.Combine(dir, BlockFormat.ChunksDir)).Order(StringComparer.Ordinal).ToArray();
        var chunks = new MappedFile[chunkFiles.Length];
        try
        {
            for (int i = 0; i < chunkFiles.Length; i++) chunks[i] = new MappedFile(chunkFiles[i]);
            return new BlockReader(dir, meta, index, chunks);
        }
        catch
        {
            ((IDisposable)index).Dispose();
            foreach (MappedFile? c in chunks) ((IDisposable?)c)?.Dispose();
            throw;
        }
    }

    public ISeriesQuerier Querier(long minTimeMs, long maxTimeMs) => new BlockQuerier(this, minTimeMs, maxTimeMs);

    /// <summary>Takes a reader's lease; false when the block is already released.</summary>
    public bool TryAcquire()
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref _leases);
            if (seen == 0) return false;
        }
        while (Interlocked.CompareExchange(ref _leases, seen + 1, seen) != seen);
        return true;
    }

    /// <summary>Gives back a lease; the last one unmaps the files.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) != 0) return;
        ((IDisposable)_index).Dispose();
        foreach (MappedFile c in _chunks) ((IDisposable)c).Dispose();
    }

    /// <summary>Drops the store's own lease; readers still running keep the files mapped.</summary>
    public void Dispose() => Release();

    public IReadOnlyList<string> LabelNames() => [.. _postingsTable.Keys];

    public IReadOnlyList<string> LabelValues(string name) => _postingsTable.TryGetValue(name, out var values) ? [.. values.Keys] : [];

    public ReadOnlySpan<ulong> Postings(string name, string value)
    {
        if (!_postingsTable.TryGetValue(name, out var values) || !values.TryGetValue(value, out int offset)) return [];
        var reader = new SpanReader(_index.GetSpan(), _postingsStart + offset);
        var ids = new ulong[reader.ReadInt()];
        ulong id = 0;
        for (int i = 0; i < ids.Length; i++)
        {
            id += reader.ReadUVarint();
            ids[i] = id;
        }
        return ids;
    }

    public ReadOnlySpan<ulong> AllPostings()
    {
        var all = new ulong[_seriesCount];
        for (int i = 0; i < all.Length; i++) all[i] = (ulong)i;
        return all;
    }

    /// <summary>Reads one series entry: its labels and the chunks overlapping [min, max].</summary>
    internal (LabelSet Labels, List<ChunkSpan> Chunks) ReadSeries(int id, long minTimeMs, long maxTimeMs)
    {
        ReadOnlySpan<byte> data = _index.GetSpan();
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(data[(_seriesTableStart + id * 4)..]);
        var reader = new SpanReader(data, _seriesStart + (int)offset);
        var labels = new Label[reader.ReadInt()];
        for (int i = 0; i < labels.Length; i++) labels[i] = new Label(_symbols[reader.ReadInt()], _symbols[reader.ReadInt()]);
        int count = reader.ReadInt();
        var chunks = new List<ChunkSpan>(count);
        long previousMax = 0;
        ulong reference = 0;
        for (int c = 0; c < count; c++)
        {
            long min = c == 0 ? reader.ReadVarint() : previousMax + reader.ReadVarint();
            long max = min + (long)reader.ReadUVarint();
            reference += reader.ReadUVarint();
            previousMax = max;
            if (max < minTimeMs || min > maxTimeMs) continue;
            chunks.Add(new ChunkSpan(min, max, ChunkAt(reference)));
        }
        return (LabelSet.From(labels), chunks);
    }

    private ReadOnlyMemory<byte> ChunkAt(ulong reference)
    {
        var (file, offset) = BlockFormat.SplitRef(reference);
        MappedFile mapped = _chunks[file];
        var reader = new SpanReader(mapped.GetSpan(), offset);
        int length = reader.ReadInt();
        return mapped.Memory.Slice(reader.Position, length);
    }
}
