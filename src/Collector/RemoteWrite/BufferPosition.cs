namespace Metrics.Collector.RemoteWrite;

/// <summary>A place in the durable buffer: a segment and a byte offset inside it.</summary>
public readonly record struct BufferPosition(int Segment, long Offset) : IComparable<BufferPosition>
{
    public int CompareTo(BufferPosition other)
        => Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);
}
