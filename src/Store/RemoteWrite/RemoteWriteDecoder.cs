using Google.Protobuf;
using IronSnappy;
using Metrics.Store.RemoteWrite.Proto;

namespace Metrics.Store.RemoteWrite;

/// <summary>Turns a remote-write body (snappy block format around a protobuf <see cref="WriteRequest"/>) into the message.</summary>
public static class RemoteWriteDecoder
{
    // A snappy block can expand at most 64 bytes per 3-byte copy element (about 21.3x);
    // a preamble promising more than this is corrupt, whatever the configured limit.
    private const int MaxExpansion = 22;

    /// <summary>Decodes <paramref name="body"/>; throws <see cref="RemoteWriteException"/> with a sender-facing message on bad input.</summary>
    public static WriteRequest Decode(ReadOnlySpan<byte> body, int maxDecodedBytes = RemoteWriteOptions.DefaultMaxBytes)
    {
        byte[] decoded = DecodeSnappy(body, maxDecodedBytes);
        try
        {
            return WriteRequest.Parser.ParseFrom(decoded);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RemoteWriteException($"protobuf: {e.Message}", e);
        }
    }

    /// <summary>The snappy block decoded into protobuf bytes, after checking the announced length against the limits.</summary>
    public static byte[] DecodeSnappy(ReadOnlySpan<byte> body, int maxDecodedBytes = RemoteWriteOptions.DefaultMaxBytes)
    {
        if (body.IsEmpty) throw new RemoteWriteException("empty request body");
        if (!TryReadDecodedLength(body, out ulong decodedLength, out int preambleLength))
            throw new RemoteWriteException("snappy: corrupt input (bad length preamble)");

        // Checked before decoding: the decoder allocates the preamble's length up front,
        // so a few hostile bytes could otherwise demand gigabytes.
        if (decodedLength > (ulong)maxDecodedBytes)
            throw new RemoteWriteException($"decoded body of {decodedLength} bytes exceeds the {maxDecodedBytes}-byte limit");
        if (decodedLength > (ulong)(body.Length - preambleLength) * MaxExpansion)
            throw new RemoteWriteException($"snappy: corrupt input ({body.Length - preambleLength} bytes cannot decode to {decodedLength})");

        byte[] decoded;
        try
        {
            decoded = Snappy.Decode(body);
        }
        catch (IOException e)
        {
            throw new RemoteWriteException($"snappy: {e.Message}", e);
        }
        return decoded;
    }

    /// <summary>Reads the snappy block preamble: the decoded length as a varint of at most 32 bits.</summary>
    public static bool TryReadDecodedLength(ReadOnlySpan<byte> block, out ulong length, out int preambleLength)
    {
        length = 0;
        // The format caps the preamble at 2^32-1, i.e. five varint bytes.
        for (int i = 0; i < block.Length && i < 5; i++)
        {
            byte b = block[i];
            length |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                preambleLength = i + 1;
                return length <= uint.MaxValue;
            }
        }
        preambleLength = 0;
        return false;
    }
}
