using Metrics.Store.Abstractions;
using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Abstractions;

public class ArraySampleIteratorTests
{
    private static readonly Sample[] Data = [new(10, 1), new(20, 2), new(30, 3)];

    [Fact]
    public void Seek_finds_the_first_sample_at_or_after_the_time_and_never_moves_back()
    {
        var it = new ArraySampleIterator(Data);
        Assert.True(it.Seek(15));
        Assert.Equal(20, it.At().TimestampMs);
        Assert.True(it.Seek(5));
        Assert.Equal(20, it.At().TimestampMs);
        Assert.True(it.MoveNext());
        Assert.Equal(30, it.At().TimestampMs);
        Assert.False(it.Seek(31));
        Assert.False(it.MoveNext());
    }

    [Fact]
    public void MoveNext_past_the_end_keeps_returning_false_and_reset_restarts()
    {
        var it = new ArraySampleIterator(Data);
        int n = 0;
        while (it.MoveNext()) n++;
        Assert.Equal(3, n);
        Assert.False(it.MoveNext());
        it.Reset([new Sample(1, 9)]);
        Assert.True(it.MoveNext());
        Assert.Equal(9, it.At().Value);
    }
}
