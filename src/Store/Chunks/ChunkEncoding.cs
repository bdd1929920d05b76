namespace Metrics.Store.Chunks;

/// <summary>The one-byte id that starts every encoded chunk and says how the rest is laid out.</summary>
/// <remarks>Values are persisted: never renumber, only add.</remarks>
public enum ChunkEncoding : byte
{
    /// <summary>No valid chunk starts with zero; a zeroed region is never mistaken for data.</summary>
    None = 0,

    /// <summary>Prometheus's XOR chunk, byte for byte (Gorilla timestamps and values).</summary>
    Xor = 1,

    /// <summary>Columnar chunk: grid or delta timestamps and XOR or integer values, each bit-packed per chunk.</summary>
    Packed = 2,
}
