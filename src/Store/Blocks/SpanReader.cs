using System.Buffers.Binary;
using System.Text;

namespace Metrics.Store.Blocks;

/// <summary>A cursor over index bytes; every read checks bounds and throws on corruption.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data, int position = 0)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; } = position;

    public ulong ReadUVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (Position >= _data.Length) throw Corrupt("varint past the end");
            byte b = _data[Position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw Corrupt("varint too long");
    }

    public long ReadVarint()
    {
        ulong u = ReadUVarint();
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public int ReadInt() => checked((int)ReadUVarint());

    public uint ReadUInt32()
    {
        if (Position + 4 > _data.Length) throw Corrupt("u32 past the end");
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(_data[Position..]);
        Position += 4;
        return v;
    }

    public string ReadString()
    {
        int len = ReadInt();
        if (Position + len > _data.Length) throw Corrupt("string past the end");
        string s = Encoding.UTF8.GetString(_data.Slice(Position, len));
        Position += len;
        return s;
    }

    private static InvalidDataException Corrupt(string what) => new("corrupt block index: " + what);
}
