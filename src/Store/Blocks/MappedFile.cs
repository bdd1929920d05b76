using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Metrics.Store.Blocks;

/// <summary>
/// A read-only memory-mapped file exposed as <see cref="ReadOnlyMemory{T}"/>, so block readers
/// hand out chunk bytes without copying and the OS page cache, not the GC heap, holds them.
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    public MappedFile(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0 || length > int.MaxValue) throw new InvalidDataException($"{path}: cannot map a file of {length} bytes");
        _length = (int)length;
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    public int Length => _length;

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
