using Metrics.Collector.RemoteWrite;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;

namespace Metrics.Collector.Tests.RemoteWrite;

public class FanoutAppendableTests
{
    private static List<long> Timestamps(MemoryStorage storage)
    {
        using ISeriesQuerier querier = storage.Querier(long.MinValue, long.MaxValue);
        var result = new List<long>();
        foreach (ISeries series in querier.Select([new LabelMatcher(MatcherType.Equal, "__name__", "m")]))
        {
            ISampleIterator it = series.Iterator();
            while (it.MoveNext()) result.Add(it.At().TimestampMs);
        }
        return result;
    }

    [Fact]
    public void Every_storage_gets_every_sample_and_the_primary_result_is_what_the_caller_sees()
    {
        var primary = new MemoryStorage();
        var secondary = new MemoryStorage();
        // The primary already has a newer sample, so it refuses the one below; the secondary takes it.
        IAppender seed = primary.CreateAppender();
        seed.Append(LabelSet.FromPairs("__name__", "m"), 2_000, 1);
        seed.Commit();

        IAppender appender = new FanoutAppendable([primary, secondary]).CreateAppender();
        appender.Append(LabelSet.FromPairs("__name__", "m"), 1_000, 2);
        AppendResult result = appender.Commit();

        Assert.Equal(1, result.OutOfOrder);
        Assert.Equal([2_000L], Timestamps(primary));
        Assert.Equal([1_000L], Timestamps(secondary));
    }
}
