using Metrics.Store.Abstractions;
using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Chunks;

/// <summary>Assertions shared by the chunk tests: bit-exact comparison of decoded samples.</summary>
internal static class ChunkRoundTrip
{
    public static List<Sample> Drain(ISampleIterator iterator)
    {
        var samples = new List<Sample>();
        while (iterator.MoveNext())
        {
            samples.Add(iterator.At());
        }
        Assert.False(iterator.MoveNext());
        return samples;
    }

    public static void AssertBitExact(ReadOnlySpan<Sample> expected, IReadOnlyList<Sample> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i].TimestampMs != actual[i].TimestampMs)
            {
                Assert.Fail($"sample {i}: timestamp {actual[i].TimestampMs}, expected {expected[i].TimestampMs}");
            }
            ulong want = BitConverter.DoubleToUInt64Bits(expected[i].Value);
            ulong got = BitConverter.DoubleToUInt64Bits(actual[i].Value);
            if (want != got)
            {
                Assert.Fail($"sample {i}: value bits {got:X16}, expected {want:X16}");
            }
        }
    }
}
