using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Metrics.Store.Blocks;

/// <summary>Buffered writes of varints and fixed-width integers to a file, tracking the position.</summary>
internal sealed class ByteWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _used;
    private uint _crc;
    private bool _crcActive;

    public ByteWriter(string path) => _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);

    public long Position { get; private set; }

    /// <summary>Starts a running CRC32C over what is written from now on.</summary>
    public void BeginCrc()
    {
        _crc = 0;
        _crcActive = true;
    }

    public uint EndCrc()
    {
        _crcActive = false;
        return _crc;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_crcActive) _crc = Wal.Crc32C.Append(_crc, bytes);
        Position += bytes.Length;
        while (!bytes.IsEmpty)
        {
            if (_used == _buffer.Length) FlushBuffer();
            int n = Math.Min(bytes.Length, _buffer.Length - _used);
            bytes[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            bytes = bytes[n..];
        }
    }

    public void WriteByte(byte b) => Write([b]);

    public void WriteUVarint(ulong value)
    {
        Span<byte> tmp = stackalloc byte[10];
        int i = 0;
        while (value >= 0x80)
        {
            tmp[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        tmp[i++] = (byte)value;
        Write(tmp[..i]);
    }

    public void WriteVarint(long value) => WriteUVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteUInt32(uint value)
    {
        Span<byte> tmp = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(tmp, value);
        Write(tmp);
    }

    public void WriteUInt64(ulong value)
    {
        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tmp, value);
        Write(tmp);
    }

    public void WriteString(string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        WriteUVarint((ulong)bytes.Length);
        Write(bytes);
    }

    private void FlushBuffer()
    {
        _file.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Writes out, fsyncs and closes.</summary>
    public void Dispose()
    {
        FlushBuffer();
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
