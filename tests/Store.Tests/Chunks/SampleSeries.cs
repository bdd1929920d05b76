using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Chunks;

/// <summary>Seeded generators for ordinary and adversarial sample series shared by the chunk tests.</summary>
internal static class SampleSeries
{
    public const long Start = 1_704_067_200_000;

    /// <summary>Bit patterns that an encoder must carry through untouched.</summary>
    public static readonly ulong[] AwkwardBits =
    [
        StaleMarker.Bits,
        0x7FF8000000000000, // canonical quiet NaN
        0xFFF8000000000000, // negative quiet NaN
        0x7FF8DEADBEEF0001, // NaN with a payload
        0x7FF0000000000001, // signalling NaN
        0xFFFFFFFFFFFFFFFF, // all ones NaN
        0x7FF0000000000000, // +Inf
        0xFFF0000000000000, // -Inf
        0x8000000000000000, // -0.0
        0x0000000000000000, // +0.0
        0x0000000000000001, // smallest subnormal
        0x000FFFFFFFFFFFFF, // largest subnormal
        0x8000000000000001, // negative subnormal
        0x7FEFFFFFFFFFFFFF, // double.MaxValue
        0xFFEFFFFFFFFFFFFF, // double.MinValue
        0x3FD5555555555555, // 1/3
    ];

    public static Sample[] Regular(int count, long stepMs = 15_000, int jitterMs = 0, Func<int, double>? value = null, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new Sample[count];
        for (int i = 0; i < count; i++)
        {
            long t = Start + (i * stepMs) + (jitterMs == 0 ? 0 : random.Next(jitterMs + 1));
            samples[i] = new Sample(t, value is null ? i : value(i));
        }
        return samples;
    }

    public static Sample[] Counter(int count, int seed, int jitterMs = 5, int resetEvery = 0)
    {
        var random = new Random(seed);
        double v = 0;
        return Regular(count, jitterMs: jitterMs, seed: seed, value: i =>
        {
            if (resetEvery > 0 && i > 0 && i % resetEvery == 0)
            {
                v = 0;
            }
            v += random.Next(0, 1000);
            return v;
        });
    }

    /// <summary>Random bit patterns of every kind, including NaNs with payloads and subnormals.</summary>
    public static Sample[] RandomBits(int count, int seed)
    {
        var random = new Random(seed);
        long t = Start;
        var samples = new Sample[count];
        for (int i = 0; i < count; i++)
        {
            t += random.Next(4) switch { 0 => 0, 1 => random.Next(1, 100), 2 => 15_000, _ => random.NextInt64(1, 1L << 40) };
            ulong bits = random.Next(4) switch
            {
                0 => AwkwardBits[random.Next(AwkwardBits.Length)],
                1 => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63),
                2 => BitConverter.DoubleToUInt64Bits(Math.Round(random.NextDouble() * 1000, random.Next(7))),
                _ => BitConverter.DoubleToUInt64Bits(random.Next(-5, 5)),
            };
            samples[i] = new Sample(t, BitConverter.UInt64BitsToDouble(bits));
        }
        return samples;
    }

    /// <summary>Timestamps that touch both ends of the int64 range, so deltas and deltas of deltas overflow.</summary>
    public static Sample[] ExtremeTimestamps() =>
    [
        new(long.MinValue, 1),
        new(long.MinValue + 1, 2),
        new(-1, 3),
        new(0, 4),
        new(1, 5),
        new(long.MaxValue - 15_000, 6),
        new(long.MaxValue - 1, 7),
        new(long.MaxValue, 8),
    ];

    /// <summary>Every step size class: equal, tiny, scrape-sized, bucket boundaries and very large.</summary>
    public static Sample[] IrregularSteps(int count, int seed)
    {
        long[] steps = [0, 1, 2, 14_999, 15_000, 15_001, 8_192, 8_193, -8_191 + 15_000, 65_536, 65_537, 524_288, 524_289, 1L << 40, 1L << 62];
        var random = new Random(seed);
        long t = -(1L << 62);
        var samples = new Sample[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = new Sample(t, random.Next(100));
            t += steps[random.Next(steps.Length)];
        }
        return samples;
    }
}
