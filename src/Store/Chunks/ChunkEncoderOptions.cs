namespace Metrics.Store.Chunks;

/// <summary>Settings for <see cref="ChunkEncoder"/>.</summary>
public sealed class ChunkEncoderOptions
{
    /// <summary>The defaults: the smaller of the encodings, all packed features on.</summary>
    public static ChunkEncoderOptions Default { get; } = new();

    /// <summary>A fixed encoding, or null to pick whichever encodes each chunk smallest.</summary>
    /// <remarks>Fix <see cref="ChunkEncoding.Xor"/> when chunks must be readable by Prometheus (remote read, export).</remarks>
    public ChunkEncoding? Encoding { get; init; }

    /// <summary>Modes the packed encoder may use; fewer modes are only useful to measure what each one buys.</summary>
    public PackedFeatures PackedFeatures { get; init; } = PackedFeatures.All;
}
