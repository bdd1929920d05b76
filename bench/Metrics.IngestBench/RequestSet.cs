namespace Metrics.IngestBench;

/// <summary>One pre-encoded remote-write request (protobuf + snappy block format).</summary>
internal sealed record EncodedRequest(int Shard, int Samples, long MinTimestampMs, long MaxTimestampMs, byte[] Body);

/// <summary>
/// All requests of one run, per shard (a shard is one connection; a series always goes to the same
/// shard, as in Prometheus's queue manager, so each series' samples arrive in order).
/// Stored in a file (BinaryWriter, little-endian) so the very same bytes are sent to every server.
/// </summary>
internal sealed class RequestSet
{
    private const uint Magic = 0x31574952; // "RIW1"

    public required List<EncodedRequest>[] Shards { get; init; }

    public long ShiftMs { get; init; }

    public long MinTimestampMs { get; init; }

    public long MaxTimestampMs { get; init; }

    public int SeriesCount { get; init; }

    public long TotalSamples => Shards.Sum(s => s.Sum(r => (long)r.Samples));

    public int TotalRequests => Shards.Sum(s => s.Count);

    public long TotalBodyBytes => Shards.Sum(s => s.Sum(r => (long)r.Body.Length));

    public void Save(string path)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(Shards.Length);
            writer.Write(SeriesCount);
            writer.Write(ShiftMs);
            writer.Write(MinTimestampMs);
            writer.Write(MaxTimestampMs);
            writer.Write(TotalRequests);
            foreach (List<EncodedRequest> shard in Shards)
            {
                foreach (EncodedRequest r in shard)
                {
                    writer.Write(r.Shard);
                    writer.Write(r.Samples);
                    writer.Write(r.MinTimestampMs);
                    writer.Write(r.MaxTimestampMs);
                    writer.Write(r.Body.Length);
                    writer.Write(r.Body);
                }
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    public static RequestSet Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream);
        if (reader.ReadUInt32() != Magic) throw new InvalidDataException($"{path}: not a request file");
        int shards = reader.ReadInt32();
        int seriesCount = reader.ReadInt32();
        long shift = reader.ReadInt64();
        long min = reader.ReadInt64();
        long max = reader.ReadInt64();
        int count = reader.ReadInt32();
        var lists = new List<EncodedRequest>[shards];
        for (int i = 0; i < shards; i++) lists[i] = [];
        for (int i = 0; i < count; i++)
        {
            int shard = reader.ReadInt32();
            int samples = reader.ReadInt32();
            long rmin = reader.ReadInt64();
            long rmax = reader.ReadInt64();
            int length = reader.ReadInt32();
            byte[] body = reader.ReadBytes(length);
            if (body.Length != length) throw new InvalidDataException($"{path}: truncated");
            lists[shard].Add(new EncodedRequest(shard, samples, rmin, rmax, body));
        }
        return new RequestSet { Shards = lists, ShiftMs = shift, MinTimestampMs = min, MaxTimestampMs = max, SeriesCount = seriesCount };
    }
}
