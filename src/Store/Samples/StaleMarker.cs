namespace Metrics.Store.Samples;

/// <summary>
/// Prometheus's staleness marker: one specific NaN bit pattern that means "this series ended".
/// It must be compared by bits, never with <see cref="double.IsNaN"/>, and kept bit-exact end to end.
/// </summary>
public static class StaleMarker
{
    public const ulong Bits = 0x7ff0000000000002UL;

    public static readonly double Value = BitConverter.UInt64BitsToDouble(Bits);

    public static bool IsStale(double value) => BitConverter.DoubleToUInt64Bits(value) == Bits;
}
