namespace Metrics.Store.Chunks;

/// <summary>Which optional modes the <see cref="ChunkEncoding.Packed"/> encoder may choose per chunk; delta timestamps and XOR values are always available.</summary>
[Flags]
public enum PackedFeatures
{
    None = 0,

    /// <summary>Timestamps as small offsets from a regular grid (the chunk's median interval).</summary>
    GridTimestamps = 1,

    /// <summary>Whole-number values as bit-packed deltas.</summary>
    IntegerValues = 2,

    /// <summary>Values with a few decimal digits as scaled integers (needs <see cref="IntegerValues"/>).</summary>
    DecimalValues = 4,

    All = GridTimestamps | IntegerValues | DecimalValues,
}
