using Metrics.Store.Samples;

namespace Metrics.Store.Chunks;

/// <summary>An immutable Prometheus XOR chunk payload (sample count header first, no encoding byte).</summary>
public sealed class XorChunk
{
    public XorChunk(ReadOnlyMemory<byte> payload)
    {
        Count = XorAppender.ReadCount(payload.Span);
        Payload = payload;
    }

    /// <summary>The encoded bytes, identical to what Prometheus stores after the encoding byte.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Number of samples, from the header.</summary>
    public int Count { get; }

    /// <summary>Encodes a span of samples at once.</summary>
    public static XorChunk Encode(ReadOnlySpan<Sample> samples)
    {
        using var writer = new BitWriter(samples.Length * 2 + 32);
        XorAppender.Encode(samples, writer);
        return new XorChunk(writer.ToArray());
    }

    /// <summary>An iterator positioned before the first sample; pass an old iterator to reuse it.</summary>
    public XorIterator GetIterator(XorIterator? reuse = null)
    {
        if (reuse is null)
        {
            return new XorIterator(Payload);
        }
        reuse.Reset(Payload);
        return reuse;
    }
}
