using System.Buffers.Binary;
using IronSnappy;

namespace Metrics.IngestBench;

/// <summary>
/// Groups the dataset into remote-write requests the way Prometheus's remote-write queue manager does:
/// series are spread over shards by id (<c>ref % shards</c>); each shard takes its samples in time order
/// (every series' sample of one scrape before any of the next, as they come out of the WAL) and sends
/// them in batches of <c>max_samples_per_send</c>, one <c>TimeSeries</c> (labels + one sample) per sample.
/// </summary>
internal static class RequestBuilder
{
    public static RequestSet Build(OpenMetricsDataset data, int shards, int samplesPerRequest, long shiftMs)
    {
        var lists = new List<EncodedRequest>[shards];
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            shard => lists[shard] = BuildShard(data, shard, shards, samplesPerRequest, shiftMs));
        return new RequestSet
        {
            Shards = lists,
            ShiftMs = shiftMs,
            MinTimestampMs = data.MinTimestampMs + shiftMs,
            MaxTimestampMs = data.MaxTimestampMs + shiftMs,
            SeriesCount = data.Series.Count,
        };
    }

    private static List<EncodedRequest> BuildShard(OpenMetricsDataset data, int shard, int shards, int samplesPerRequest, long shiftMs)
    {
        var result = new List<EncodedRequest>();
        // Merge the shard's series by (timestamp, series id): time order across series, file order within one.
        var queue = new PriorityQueue<int, (long, int)>();
        var cursor = new int[data.Series.Count];
        foreach (SeriesData s in data.Series)
        {
            if (s.Id % shards == shard && s.Timestamps.Count > 0) queue.Enqueue(s.Id, (s.Timestamps[0], s.Id));
        }
        byte[] buffer = new byte[1 << 20];
        int length = 0, inBatch = 0;
        long batchMin = long.MaxValue, batchMax = long.MinValue;
        while (queue.TryDequeue(out int id, out _))
        {
            SeriesData s = data.Series[id];
            int i = cursor[id]++;
            long ts = s.Timestamps[i] + shiftMs;
            length = AppendTimeSeries(ref buffer, length, s.LabelFields, ts, s.Values[i]);
            inBatch++;
            batchMin = Math.Min(batchMin, ts);
            batchMax = Math.Max(batchMax, ts);
            if (i + 1 < s.Timestamps.Count) queue.Enqueue(id, (s.Timestamps[i + 1], id));
            if (inBatch == samplesPerRequest)
            {
                result.Add(new EncodedRequest(shard, inBatch, batchMin, batchMax, Snappy.Encode(buffer.AsSpan(0, length))));
                length = inBatch = 0;
                batchMin = long.MaxValue;
                batchMax = long.MinValue;
            }
        }
        if (inBatch > 0) result.Add(new EncodedRequest(shard, inBatch, batchMin, batchMax, Snappy.Encode(buffer.AsSpan(0, length))));
        return result;
    }

    /// <summary>Appends <c>WriteRequest.timeseries</c> (field 1) = TimeSeries{labels, samples=[Sample{value=1, timestamp=2}]}.</summary>
    private static int AppendTimeSeries(ref byte[] buffer, int at, byte[] labelFields, long ts, double value)
    {
        int sampleLength = 1 + 8 + 1 + LabelEncoding.VarintSize((ulong)ts);
        int seriesLength = labelFields.Length + 1 + LabelEncoding.VarintSize((ulong)sampleLength) + sampleLength;
        int needed = 1 + LabelEncoding.VarintSize((ulong)seriesLength) + seriesLength;
        if (at + needed > buffer.Length) Array.Resize(ref buffer, Math.Max(buffer.Length * 2, at + needed));
        Span<byte> span = buffer.AsSpan(at);
        int p = 0;
        span[p++] = 0x0A;
        p += LabelEncoding.WriteVarint(span[p..], (ulong)seriesLength);
        labelFields.CopyTo(span[p..]);
        p += labelFields.Length;
        span[p++] = 0x12;
        p += LabelEncoding.WriteVarint(span[p..], (ulong)sampleLength);
        span[p++] = 0x09; // value: fixed64 double
        BinaryPrimitives.WriteInt64LittleEndian(span[p..], BitConverter.DoubleToInt64Bits(value));
        p += 8;
        span[p++] = 0x10; // timestamp: varint int64
        p += LabelEncoding.WriteVarint(span[p..], (ulong)ts);
        return at + p;
    }
}
