using Metrics.Store.Samples;

namespace Metrics.Store.Chunks;

/// <summary>Encodes a finished run of samples into a chunk: one <see cref="ChunkEncoding"/> byte, then that encoding's payload.</summary>
/// <remarks>
/// Open head chunks are appended sample by sample with <see cref="XorAppender"/>; when a chunk is
/// cut (or compacted) it is re-encoded here, where seeing all samples at once lets the packed
/// encoder choose widths and modes per chunk.
/// </remarks>
public static class ChunkEncoder
{
    // Per-thread scratch writers: encoding runs on compaction and head-cut threads, and keeping one
    // pooled buffer per thread makes steady-state encoding allocation-free without any locking.
    [ThreadStatic]
    private static BitWriter? t_result;

    [ThreadStatic]
    private static BitWriter? t_xor;

    [ThreadStatic]
    private static BitWriter? t_packed;

    /// <summary>Encodes <paramref name="samples"/> into a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<Sample> samples, ChunkEncoderOptions? options = null)
    {
        BitWriter scratch = t_result ??= new BitWriter(1024);
        scratch.Reset();
        Encode(samples, scratch, options);
        byte[] chunk = scratch.ToArray();
        scratch.Reset();
        return chunk;
    }

    /// <summary>Appends the encoded chunk, padded to whole bytes, to <paramref name="destination"/>, which must be at a byte boundary; allocates nothing in steady state.</summary>
    public static void Encode(ReadOnlySpan<Sample> samples, BitWriter destination, ChunkEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if ((destination.BitLength & 7) != 0)
        {
            throw new ArgumentException("A chunk must start at a byte boundary.", nameof(destination));
        }
        options ??= ChunkEncoderOptions.Default;
        switch (options.Encoding)
        {
            case ChunkEncoding.Xor:
                destination.WriteByte((byte)ChunkEncoding.Xor);
                XorAppender.Encode(samples, destination);
                break;
            case ChunkEncoding.Packed:
                destination.WriteByte((byte)ChunkEncoding.Packed);
                PackedEncoder.Encode(samples, destination, options.PackedFeatures);
                break;
            case null:
                EncodeSmallest(samples, destination, options.PackedFeatures);
                break;
            default:
                throw new ArgumentException($"Cannot encode {options.Encoding}.", nameof(options));
        }
        // A chunk is a whole number of bytes, so the next one starts aligned.
        destination.AlignToByte();
    }

    private static void EncodeSmallest(ReadOnlySpan<Sample> samples, BitWriter destination, PackedFeatures features)
    {
        // Both candidates go to private scratch writers so the destination receives only the winner.
        BitWriter packed = t_packed ??= new BitWriter(1024);
        BitWriter xor = t_xor ??= new BitWriter(1024);
        packed.Reset();
        xor.Reset();
        packed.WriteByte((byte)ChunkEncoding.Packed);
        PackedEncoder.Encode(samples, packed, features);
        BitWriter winner = packed;
        if (samples.Length <= XorAppender.MaxSamples)
        {
            xor.WriteByte((byte)ChunkEncoding.Xor);
            XorAppender.Encode(samples, xor);
            if (xor.ByteLength < packed.ByteLength)
            {
                winner = xor;
            }
        }
        destination.WriteBytes(winner.WrittenSpan);
        packed.Reset();
        xor.Reset();
    }
}
