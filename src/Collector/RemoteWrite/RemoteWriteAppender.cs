using System.Buffers;
using System.Buffers.Binary;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// Stages a scrape's samples as ready-to-send protobuf entries; <see cref="Commit"/> writes them
/// to the durable buffer as one record before it returns, which is the acknowledgement the scrape
/// loop relies on. Not thread-safe, like every appender: one per scrape.
/// </summary>
internal sealed class RemoteWriteAppender(RemoteWriteQueue queue) : IAppender
{
    private byte[] _payload = [];
    private int _length;
    private int _samples;

    public void Append(LabelSet labels, long timestampMs, double value)
    {
        // Without write_relabel_configs the external labels are merged while encoding (no allocation);
        // with them, relabeling must see the merged set.
        LabelSet external = queue.ExternalLabels;
        LabelSet? outgoing = labels;
        if (queue.Config.WriteRelabelConfigs.Count > 0)
        {
            outgoing = queue.PrepareLabels(labels);
            if (outgoing is null) return;   // dropped by write_relabel_configs
            external = LabelSet.Empty;
        }
        if (_payload.Length == 0)
        {
            _payload = ArrayPool<byte>.Shared.Rent(1 << 14);
            _length = BufferFormat.PayloadHeaderSize;
        }
        int entry = TimeSeriesEncoder.Size(outgoing, external, timestampMs);
        EnsureRoom(BufferFormat.EntryHeaderSize + entry);
        Span<byte> at = _payload.AsSpan(_length);
        // The external labels are the same for every series, so the series' own hash shards as well.
        BinaryPrimitives.WriteUInt64LittleEndian(at, outgoing.StableHash);
        BinaryPrimitives.WriteInt64LittleEndian(at[8..], timestampMs);
        BinaryPrimitives.WriteUInt32LittleEndian(at[16..], (uint)entry);
        TimeSeriesEncoder.Write(at[BufferFormat.EntryHeaderSize..], outgoing, external, timestampMs, value);
        _length += BufferFormat.EntryHeaderSize + entry;
        _samples++;
    }

    public AppendResult Commit()
    {
        int samples = _samples;
        try
        {
            if (samples == 0) return new AppendResult(0, 0, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(_payload, (uint)samples);
            return queue.WriteToBuffer(_payload.AsSpan(0, _length), samples) ? new AppendResult(samples, 0, 0) : new AppendResult(0, 0, 0);
        }
        finally
        {
            Release();
        }
    }

    public void Rollback() => Release();

    private void EnsureRoom(int extra)
    {
        if (_payload.Length - _length >= extra) return;
        byte[] bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_payload.Length * 2, _length + extra));
        _payload.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_payload);
        _payload = bigger;
    }

    private void Release()
    {
        if (_payload.Length > 0) ArrayPool<byte>.Shared.Return(_payload);
        _payload = [];
        _length = 0;
        _samples = 0;
    }
}
