using Metrics.Store.Labels;

namespace Metrics.Store.Blocks;

/// <summary>
/// Writes the index: symbols, series (labels as symbol ids and chunk metadata), a fixed-width
/// series offset table, postings lists per label pair, the postings table and a TOC.
/// </summary>
internal static class IndexWriter
{
    public static void Write(string path, IReadOnlyList<BlockSeries> series, ulong[][] chunkRefs)
    {
        var symbolSet = new SortedSet<string>(StringComparer.Ordinal);
        foreach (BlockSeries s in series)
            foreach (Label l in s.Labels.AsSpan())
            {
                symbolSet.Add(l.Name);
                symbolSet.Add(l.Value);
            }
        string[] symbols = [.. symbolSet];
        var symbolIds = new Dictionary<string, int>(symbols.Length, StringComparer.Ordinal);
        for (int i = 0; i < symbols.Length; i++) symbolIds[symbols[i]] = i;

        using var w = new ByteWriter(path);
        w.WriteUInt32(BlockFormat.IndexMagic);
        w.Write([BlockFormat.Version]);

        long symbolsStart = w.Position;
        w.WriteUVarint((ulong)symbols.Length);
        foreach (string s in symbols) w.WriteString(s);

        long seriesStart = w.Position;
        var seriesOffsets = new uint[series.Count];
        var postings = new SortedDictionary<(int Name, int Value), List<int>>();
        for (int i = 0; i < series.Count; i++)
        {
            seriesOffsets[i] = checked((uint)(w.Position - seriesStart));
            LabelSet labels = series[i].Labels;
            w.WriteUVarint((ulong)labels.Count);
            foreach (Label l in labels.AsSpan())
            {
                int name = symbolIds[l.Name], value = symbolIds[l.Value];
                w.WriteUVarint((ulong)name);
                w.WriteUVarint((ulong)value);
                if (!postings.TryGetValue((name, value), out List<int>? ids)) postings[(name, value)] = ids = [];
                ids.Add(i);
            }
            WriteChunkMetas(w, series[i], chunkRefs[i]);
        }

        long seriesTableStart = w.Position;
        w.WriteUVarint((ulong)series.Count);
        foreach (uint offset in seriesOffsets) w.WriteUInt32(offset);

        long postingsStart = w.Position;
        var postingOffsets = new List<(int Name, int Value, long Offset)>(postings.Count);
        foreach (var ((name, value), ids) in postings)
        {
            postingOffsets.Add((name, value, w.Position - postingsStart));
            w.WriteUVarint((ulong)ids.Count);
            int previous = 0;
            foreach (int id in ids)
            {
                w.WriteUVarint((ulong)(id - previous));
                previous = id;
            }
        }

        long postingsTableStart = w.Position;
        w.WriteUVarint((ulong)postingOffsets.Count);
        foreach (var (name, value, offset) in postingOffsets)
        {
            w.WriteUVarint((ulong)name);
            w.WriteUVarint((ulong)value);
            w.WriteUVarint((ulong)offset);
        }

        w.BeginCrc();
        w.WriteUInt64((ulong)symbolsStart);
        w.WriteUInt64((ulong)seriesStart);
        w.WriteUInt64((ulong)seriesTableStart);
        w.WriteUInt64((ulong)postingsStart);
        w.WriteUInt64((ulong)postingsTableStart);
        w.WriteUInt32(w.EndCrc());
    }

    // Times are delta-encoded against the previous chunk and references against the previous reference.
    private static void WriteChunkMetas(ByteWriter w, BlockSeries s, ulong[] refs)
    {
        w.WriteUVarint((ulong)s.Chunks.Count);
        long previousMax = 0;
        ulong previousRef = 0;
        for (int c = 0; c < s.Chunks.Count; c++)
        {
            var chunk = s.Chunks[c];
            if (c == 0) w.WriteVarint(chunk.MinTimeMs);
            else w.WriteVarint(chunk.MinTimeMs - previousMax);
            w.WriteUVarint((ulong)(chunk.MaxTimeMs - chunk.MinTimeMs));
            w.WriteUVarint(refs[c] - previousRef);
            previousMax = chunk.MaxTimeMs;
            previousRef = refs[c];
        }
    }
}
