using Metrics.Store.Chunks;
using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Chunks;

public sealed class DecimalScaleTests
{
    private static bool TryFind(double[] values, out int digits, out long[] mantissas)
    {
        Sample[] samples = values.Select((v, i) => new Sample(i, v)).ToArray();
        mantissas = new long[values.Length];
        return DecimalScale.TryFind(samples, DecimalScale.MaxDigits, mantissas, out digits);
    }

    [Fact]
    public void Finds_the_fewest_digits()
    {
        Assert.True(TryFind([507.586162, 133.776834, 1.5], out int digits, out long[] mantissas));
        Assert.Equal(6, digits);
        Assert.Equal(507_586_162, mantissas[0]);
        Assert.True(TryFind([1523, 0, -7], out digits, out _));
        Assert.Equal(0, digits);
        Assert.True(TryFind([0.25, 0.5], out digits, out _));
        Assert.Equal(2, digits);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.0)]
    [InlineData(0.30000000000000004)]
    [InlineData(1e300)]
    [InlineData(9007199254740993.0 * 2)]
    public void Rejects_values_that_are_not_short_decimals(double value) =>
        Assert.False(TryFind([1, value], out _, out _));

    [Fact]
    public void Stale_marker_is_not_a_decimal() => Assert.False(TryFind([StaleMarker.Value], out _, out _));

    [Fact]
    public void Every_parsed_six_digit_decimal_round_trips()
    {
        var random = new Random(77);
        for (int i = 0; i < 10_000; i++)
        {
            double value = double.Parse(
                $"{random.Next(0, 1_000_000)}.{random.Next(0, 1_000_000):D6}", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(TryFind([value], out int digits, out long[] mantissas));
            Assert.True(digits <= 6);
            Assert.Equal(BitConverter.DoubleToUInt64Bits(value), BitConverter.DoubleToUInt64Bits(DecimalScale.ToDouble(mantissas[0], digits)));
        }
    }
}
