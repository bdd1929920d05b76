using Metrics.Query.Functions;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Functions;

/// <summary>The prefix counts the engine reads instead of re-scanning windows give exactly the window kernels' answers.</summary>
public class WindowCountsTests
{
    private static Sample[] Series(int seed, int length)
    {
        var random = new Random(seed);
        var samples = new Sample[length];
        double value = 0;
        for (int i = 0; i < length; i++)
        {
            // Mostly rising, with resets, repeats, NaNs and infinities mixed in.
            int kind = random.Next(12);
            value = kind switch
            {
                0 => 0,
                1 => double.NaN,
                2 => value,
                3 => double.PositiveInfinity,
                _ => double.IsFinite(value) ? value + random.Next(5) : random.Next(5),
            };
            samples[i] = new Sample(i * 15_000L, value);
        }
        return samples;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Window_counts_equal_resets_and_changes_for_every_window(int seed)
    {
        Sample[] samples = Series(seed, 200);
        int[] resets = new int[samples.Length], changes = new int[samples.Length];
        WindowCounts.Fill(WindowCount.Resets, samples, resets);
        WindowCounts.Fill(WindowCount.Changes, samples, changes);
        for (int lo = 0; lo < samples.Length; lo++)
        {
            for (int hi = lo + 1; hi <= samples.Length; hi++)
            {
                ReadOnlySpan<Sample> window = samples.AsSpan(lo, hi - lo);
                Assert.Equal(RangeKernels.Resets(window), resets[hi - 1] - resets[lo]);
                Assert.Equal(RangeKernels.Changes(window), changes[hi - 1] - changes[lo]);
            }
        }
    }

    [Fact]
    public void Rate_without_the_reset_scan_is_bit_identical_when_the_window_has_no_reset()
    {
        Sample[] samples = Series(7, 300);
        int[] resets = new int[samples.Length];
        WindowCounts.Fill(WindowCount.Resets, samples, resets);
        int compared = 0;
        for (int lo = 0; lo + 20 <= samples.Length; lo++)
        {
            int hi = lo + 20;
            if (resets[hi - 1] - resets[lo] != 0) continue;
            ReadOnlySpan<Sample> window = samples.AsSpan(lo, hi - lo);
            long start = window[0].TimestampMs - 7_000, end = window[^1].TimestampMs + 3_000;
            double? full = RangeKernels.Rate(window, start, end);
            double? skipped = RangeKernels.Rate(window, start, end, knownNoResets: true);
            Assert.Equal(BitConverter.DoubleToInt64Bits(full!.Value), BitConverter.DoubleToInt64Bits(skipped!.Value));
            compared++;
        }
        Assert.True(compared > 10, $"only {compared} reset-free windows in the test data");
    }

    [Fact]
    public void Only_the_counting_functions_use_a_prefix_count()
    {
        Assert.Equal(WindowCount.Resets, WindowCounts.For("rate"));
        Assert.Equal(WindowCount.Resets, WindowCounts.For("increase"));
        Assert.Equal(WindowCount.Resets, WindowCounts.For("resets"));
        Assert.Equal(WindowCount.Changes, WindowCounts.For("changes"));
        Assert.Equal(WindowCount.None, WindowCounts.For("delta"));
        Assert.Equal(WindowCount.None, WindowCounts.For(null));
    }
}
