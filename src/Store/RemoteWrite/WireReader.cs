using System.Buffers.Binary;

namespace Metrics.Store.RemoteWrite;

/// <summary>A cursor over protobuf wire bytes: tags, varints, fixed64 and length-delimited fields.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool AtEnd => _pos >= _data.Length;

    public readonly int Position => _pos;

    public (int Field, int WireType) ReadTag()
    {
        ulong tag = ReadVarint();
        if (tag >> 3 == 0 || tag >> 3 > int.MaxValue) throw new RemoteWriteException("protobuf: invalid field tag");
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length) throw new RemoteWriteException("protobuf: truncated varint");
            byte b = _data[_pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new RemoteWriteException("protobuf: varint too long");
    }

    public ulong ReadFixed64()
    {
        if (_pos + 8 > _data.Length) throw new RemoteWriteException("protobuf: truncated fixed64");
        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_data[_pos..]);
        _pos += 8;
        return v;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos)) throw new RemoteWriteException("protobuf: length-delimited field past the end");
        ReadOnlySpan<byte> bytes = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return bytes;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: _pos += 8; break;
            case 2: ReadBytes(); break;
            case 5: _pos += 4; break;
            default: throw new RemoteWriteException($"protobuf: unsupported wire type {wireType}");
        }
        if (_pos > _data.Length) throw new RemoteWriteException("protobuf: field past the end");
    }
}
