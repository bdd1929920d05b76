namespace Metrics.Store.Chunks;

/// <summary>Settings for <see cref="ChunkEncoder"/>.</summary>
public sealed class ChunkEncoderOptions
{
    /// <summary>The defaults: packed chunks with every mode available.</summary>
    public static ChunkEncoderOptions Default { get; } = new();

    /// <summary>A fixed encoding, or null to encode every chunk both ways and keep the smaller.</summary>
    /// <remarks>
    /// Packed is the default because on scrape data it was never larger than XOR, so trying both
    /// only doubled the encode time. Fix <see cref="ChunkEncoding.Xor"/> when chunks must be
    /// readable by Prometheus (remote read, export).
    /// </remarks>
    public ChunkEncoding? Encoding { get; init; } = ChunkEncoding.Packed;

    /// <summary>Modes the packed encoder may use; fewer modes are only useful to measure what each one buys.</summary>
    public PackedFeatures PackedFeatures { get; init; } = PackedFeatures.All;
}
