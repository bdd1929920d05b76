using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Metrics.Store.Abstractions;

namespace Metrics.Store.Chunks;

/// <summary>Reads chunks of any <see cref="ChunkEncoding"/>: the encoding byte, the sample count, and an iterator.</summary>
public static class ChunkReader
{
    /// <summary>The encoding named by the first byte.</summary>
    public static ChunkEncoding GetEncoding(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            ThrowEmpty();
        }
        return (ChunkEncoding)chunk[0];
    }

    /// <summary>Number of samples, read from the header without decoding any sample.</summary>
    public static int GetSampleCount(ReadOnlySpan<byte> chunk)
    {
        switch (GetEncoding(chunk))
        {
            case ChunkEncoding.Xor:
                return XorAppender.ReadCount(chunk[1..]);
            case ChunkEncoding.Packed:
                var reader = new BitReader(chunk[1..]);
                return (int)Math.Min(reader.ReadUVarint(), int.MaxValue);
            default:
                throw Unknown(chunk[0]);
        }
    }

    /// <summary>An iterator positioned before the first sample; an old iterator of the matching kind is reset and returned instead of allocating.</summary>
    public static ISampleIterator GetIterator(ReadOnlyMemory<byte> chunk, ISampleIterator? reuse = null)
    {
        ReadOnlyMemory<byte> payload = chunk[1..];
        switch (GetEncoding(chunk.Span))
        {
            case ChunkEncoding.Xor:
                if (reuse is XorIterator xor)
                {
                    xor.Reset(payload);
                    return xor;
                }
                return new XorIterator(payload);
            case ChunkEncoding.Packed:
                if (reuse is PackedIterator packed)
                {
                    packed.Reset(payload);
                    return packed;
                }
                return new PackedIterator(payload);
            default:
                throw Unknown(chunk.Span[0]);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowEmpty() => throw new InvalidDataException("An empty buffer is not a chunk.");

    private static InvalidDataException Unknown(byte encoding) => new($"Unknown chunk encoding {encoding}.");
}
