using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Samples;

public class StaleMarkerTests
{
    [Fact]
    public void The_marker_is_prometheus_exact_nan_bit_pattern()
    {
        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(StaleMarker.Value));
        Assert.True(double.IsNaN(StaleMarker.Value));
    }

    [Fact]
    public void Only_that_bit_pattern_is_stale_not_every_nan()
    {
        Assert.True(StaleMarker.IsStale(StaleMarker.Value));
        Assert.False(StaleMarker.IsStale(double.NaN));
        Assert.False(StaleMarker.IsStale(BitConverter.UInt64BitsToDouble(0x7ff8000000000001UL)));
        Assert.False(StaleMarker.IsStale(0));
    }

    [Fact]
    public void The_marker_survives_being_stored_in_a_sample()
    {
        var sample = new Sample(1, StaleMarker.Value);
        Sample[] copy = [sample];
        Assert.True(StaleMarker.IsStale(copy[0].Value));
    }
}
