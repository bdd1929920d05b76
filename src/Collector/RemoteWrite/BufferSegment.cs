using Metrics.Store.Wal;

namespace Metrics.Collector.RemoteWrite;

/// <summary>One segment file of the durable buffer and what the buffer knows of it; mutated only under the buffer's lock.</summary>
internal sealed class BufferSegment(int index, string dir)
{
    public int Index { get; } = index;
    public string Path { get; } = System.IO.Path.Combine(dir, WalFormat.SegmentName(index));

    /// <summary>Bytes of whole records written; readers never look past this.</summary>
    public long Size { get; set; }

    public long Samples { get; set; }
}
