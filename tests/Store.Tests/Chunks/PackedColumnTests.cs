using Metrics.Store.Chunks;

namespace Metrics.Store.Tests.Chunks;

public sealed class PackedColumnTests
{
    private static void RoundTrip(long[] values, out PackedColumn column, out int bits)
    {
        column = PackedColumn.Plan(values, out bits);
        using var writer = new BitWriter();
        column.WriteHeader(writer);
        foreach (long v in values)
        {
            column.Write(writer, v);
        }
        Assert.Equal(bits, writer.BitLength);
        var reader = new BitReader(writer.WrittenSpan);
        PackedColumn read = PackedColumn.ReadHeader(ref reader);
        Assert.Equal(column.Width, read.Width);
        Assert.Equal(column.HasExceptions, read.HasExceptions);
        foreach (long v in values)
        {
            Assert.Equal(v, read.Read(ref reader));
        }
    }

    [Fact]
    public void Equal_values_cost_no_bits_per_value()
    {
        RoundTrip(Enumerable.Repeat(15_000L, 119).ToArray(), out PackedColumn column, out int bits);
        Assert.Equal(0, column.Width);
        Assert.Equal(15_000, column.Min);
        Assert.Equal(8 + 24, bits);
    }

    [Fact]
    public void Jitter_packs_into_its_range()
    {
        long[] values = Enumerable.Range(0, 119).Select(i => (long)(i * 7 % 6) - 2).ToArray();
        RoundTrip(values, out PackedColumn column, out _);
        Assert.Equal(3, column.Width);
        Assert.False(column.HasExceptions);
        Assert.Equal(-2, column.Min);
    }

    [Fact]
    public void A_rare_outlier_becomes_an_exception_instead_of_widening_every_code()
    {
        long[] values = Enumerable.Range(0, 119).Select(i => (long)(i % 4)).ToArray();
        values[50] = -1_000_000; // a counter reset
        values[90] = 7;          // exactly the escape code of a 3-bit column after rebasing would collide
        RoundTrip(values, out PackedColumn column, out int bits);
        Assert.True(column.HasExceptions);
        Assert.True(bits < 119 * 6, $"{bits} bits");
    }

    [Fact]
    public void Full_range_values_round_trip()
    {
        var random = new Random(8);
        for (int round = 0; round < 200; round++)
        {
            long[] values = new long[random.Next(1, 50)];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = random.Next(5) switch
                {
                    0 => long.MinValue,
                    1 => long.MaxValue,
                    2 => random.NextInt64(long.MinValue, long.MaxValue),
                    _ => random.Next(-10, 10),
                };
            }
            RoundTrip(values, out _, out _);
        }
    }

    [Fact]
    public void All_ones_offsets_round_trip_under_every_width()
    {
        for (int width = 1; width < 64; width++)
        {
            long allOnes = (long)((1UL << width) - 1);
            long[] values = [0, allOnes, 1, allOnes, 0, 0, 0, 0, 0, 0, 0, 0, long.MaxValue];
            RoundTrip(values, out _, out _);
        }
    }
}
