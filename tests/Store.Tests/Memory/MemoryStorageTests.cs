using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;

namespace Metrics.Store.Tests.Memory;

public class MemoryStorageTests
{
    private static readonly LabelSet Up = LabelSet.FromPairs("__name__", "up", "job", "a");
    private static readonly LabelSet Other = LabelSet.FromPairs("__name__", "up", "job", "b");

    [Fact]
    public void Samples_are_invisible_until_commit_and_gone_after_rollback()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        app.Append(Up, 1000, 1);
        Assert.Empty(Select(storage, LabelMatcher.Equal("job", "a")));
        app.Rollback();
        Assert.Equal(0, app.Commit().Accepted);
        Assert.Empty(Select(storage, LabelMatcher.Equal("job", "a")));
        app.Append(Up, 1000, 1);
        Assert.Equal(1, app.Commit().Accepted);
        Assert.Single(Select(storage, LabelMatcher.Equal("job", "a")));
    }

    [Fact]
    public void Out_of_order_and_conflicting_duplicates_are_refused_and_counted()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        app.Append(Up, 2000, 1);
        app.Append(Up, 1000, 5);   // older
        app.Append(Up, 2000, 2);   // same time, other value
        app.Append(Up, 2000, 1);   // exact repeat: ignored silently
        AppendResult r = app.Commit();
        Assert.Equal(new AppendResult(1, 1, 1), r);
        Sample[] samples = Samples(storage, 0, 5000, LabelMatcher.Equal("job", "a"));
        Assert.Equal([new Sample(2000, 1)], samples);
    }

    [Fact]
    public void Select_applies_all_matchers_and_the_time_range_inclusively()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        for (long t = 0; t <= 10_000; t += 1000)
        {
            app.Append(Up, t, t);
            app.Append(Other, t, -t);
        }
        app.Commit();
        Sample[] got = Samples(storage, 3000, 5000, LabelMatcher.Equal("__name__", "up"), new LabelMatcher(MatcherType.Regex, "job", "a|c"));
        Assert.Equal([3000L, 4000, 5000], got.Select(s => s.TimestampMs));
        using ISeriesQuerier q = storage.Querier(0, 10_000);
        Assert.Equal(["__name__", "job"], q.LabelNames([]));
        Assert.Equal(["a", "b"], q.LabelValues("job", []));
        Assert.Equal(["b"], q.LabelValues("job", [new LabelMatcher(MatcherType.NotEqual, "job", "a")]));
    }

    [Fact]
    public void Series_come_back_sorted_by_labels()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        app.Append(Other, 1, 1);
        app.Append(Up, 1, 1);
        app.Commit();
        using ISeriesQuerier q = storage.Querier(0, 10);
        Assert.Equal([Up, Other], q.Select([LabelMatcher.Equal("__name__", "up")]).Select(s => s.Labels));
    }

    [Fact]
    public void The_stale_marker_is_stored_bit_exact()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        app.Append(Up, 1, StaleMarker.Value);
        app.Commit();
        Assert.True(StaleMarker.IsStale(Samples(storage, 0, 10, LabelMatcher.Equal("job", "a"))[0].Value));
    }

    [Fact]
    public void Parallel_appends_to_many_series_lose_nothing()
    {
        var storage = new MemoryStorage();
        Parallel.For(0, 8, worker =>
        {
            for (int i = 0; i < 500; i++)
            {
                IAppender app = storage.CreateAppender();
                app.Append(LabelSet.FromPairs("__name__", "x", "w", worker.ToString(System.Globalization.CultureInfo.InvariantCulture)), i, i);
                app.Commit();
            }
        });
        using ISeriesQuerier q = storage.Querier(0, 1000);
        var series = q.Select([LabelMatcher.Equal("__name__", "x")]);
        Assert.Equal(8, series.Count);
        Assert.All(series, s => Assert.Equal(500, ((ArraySeries)s).Samples.Length));
    }

    private static IReadOnlyList<ISeries> Select(MemoryStorage storage, params LabelMatcher[] matchers)
    {
        using ISeriesQuerier q = storage.Querier(long.MinValue, long.MaxValue);
        return q.Select(matchers);
    }

    private static Sample[] Samples(MemoryStorage storage, long min, long max, params LabelMatcher[] matchers)
    {
        using ISeriesQuerier q = storage.Querier(min, max);
        ISeries s = Assert.Single(q.Select(matchers));
        var list = new List<Sample>();
        ISampleIterator it = s.Iterator();
        while (it.MoveNext()) list.Add(it.At());
        return [.. list];
    }
}
