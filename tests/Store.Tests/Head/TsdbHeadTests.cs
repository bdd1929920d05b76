using Metrics.Store.Abstractions;
using Metrics.Store.Head;
using Metrics.Store.Labels;
using Metrics.Store.Samples;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Store.Tests.Head;

public sealed class TsdbHeadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("head-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TsdbHead Open() => TsdbHead.Open(Path.Combine(_dir, "wal"), new HeadOptions(), null, NullLogger.Instance);

    private static LabelSet Series(string job, int i) => LabelSet.FromPairs("__name__", "m", "job", job, "i", i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static List<Sample> Read(ISeriesQueryable q, LabelSet labels, long min = long.MinValue, long max = long.MaxValue)
    {
        using ISeriesQuerier querier = q.Querier(min, max);
        var matchers = labels.Select(l => LabelMatcher.Equal(l.Name, l.Value)).ToList();
        ISeries? s = querier.Select(matchers).SingleOrDefault();
        var list = new List<Sample>();
        if (s is null) return list;
        ISampleIterator it = s.Iterator();
        while (it.MoveNext()) list.Add(it.At());
        return list;
    }

    [Fact]
    public void Samples_across_many_chunks_read_back_exactly_in_any_range()
    {
        using TsdbHead head = Open();
        var expected = new List<Sample>();
        var random = new Random(7);
        long t = 1_700_000_000_000;
        for (int i = 0; i < 1000; i++)
        {
            t += 15_000 + random.Next(-5, 6);
            double v = i % 50 == 0 ? double.NaN : Math.Round(random.NextDouble() * 100, 2);
            IAppender app = head.CreateAppender();
            app.Append(Series("a", 1), t, v);
            Assert.Equal(1, app.Commit().Accepted);
            expected.Add(new Sample(t, v));
        }
        Assert.Equal(expected, Read(head, Series("a", 1)), SampleComparer.Instance);
        long from = expected[300].TimestampMs, to = expected[700].TimestampMs;
        Assert.Equal(expected.Where(s => s.TimestampMs >= from && s.TimestampMs <= to), Read(head, Series("a", 1), from, to), SampleComparer.Instance);
    }

    [Fact]
    public void Append_rules_refuse_out_of_order_and_conflicting_duplicates_and_ignore_exact_repeats()
    {
        using TsdbHead head = Open();
        IAppender app = head.CreateAppender();
        app.Append(Series("a", 1), 2000, 1);
        app.Append(Series("a", 1), 1000, 1);
        app.Append(Series("a", 1), 2000, 5);
        app.Append(Series("a", 1), 2000, 1);
        Assert.Equal(new AppendResult(1, 1, 1), app.Commit());
    }

    [Fact]
    public void Acknowledged_samples_and_series_survive_reopening_from_the_wal()
    {
        using (TsdbHead head = Open())
        {
            for (int batch = 0; batch < 10; batch++)
            {
                IAppender app = head.CreateAppender();
                for (int s = 0; s < 50; s++) app.Append(Series(s % 2 == 0 ? "even" : "odd", s), batch * 1000L, batch + s);
                app.Commit();
            }
            IAppender stale = head.CreateAppender();
            stale.Append(Series("even", 0), 10_000, StaleMarker.Value);
            stale.Commit();
        }
        using TsdbHead reopened = Open();
        Assert.Equal(50, reopened.SeriesCount);
        List<Sample> s7 = Read(reopened, Series("odd", 7));
        Assert.Equal(Enumerable.Range(0, 10).Select(b => new Sample(b * 1000L, b + 7)), s7);
        Assert.True(StaleMarker.IsStale(Read(reopened, Series("even", 0))[^1].Value));
        // New series after replay get fresh references: no collision with replayed ones.
        IAppender app2 = reopened.CreateAppender();
        app2.Append(Series("new", 99), 20_000, 1);
        app2.Commit();
        using TsdbHead third = Open2(reopened);
        Assert.Equal(51, third.SeriesCount);
        Assert.Single(Read(third, Series("new", 99)));
    }

    private TsdbHead Open2(TsdbHead previous)
    {
        previous.Dispose();
        return Open();
    }

    [Fact]
    public void A_torn_or_corrupt_wal_tail_is_cut_off_and_everything_before_it_is_kept()
    {
        using (TsdbHead head = Open())
        {
            for (int i = 0; i < 20; i++)
            {
                IAppender app = head.CreateAppender();
                app.Append(Series("a", 1), i * 1000L, i);
                app.Commit();
            }
        }
        string segment = Directory.GetFiles(Path.Combine(_dir, "wal")).Order().Last(f => new FileInfo(f).Length > 0);
        long goodLength = new FileInfo(segment).Length;
        // A torn write: half a record header and garbage at the end.
        File.AppendAllText(segment, "\u0002\u00ff\u00ff");
        using (TsdbHead head = Open())
        {
            Assert.Equal(20, Read(head, Series("a", 1)).Count);
        }
        Assert.Equal(goodLength, new FileInfo(segment).Length);

        // Flip a byte inside the last record's payload: that record is dropped, earlier ones stay.
        byte[] bytes = File.ReadAllBytes(segment);
        bytes[^2] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);
        using (TsdbHead head = Open())
        {
            Assert.Equal(19, Read(head, Series("a", 1)).Count);
            IAppender app = head.CreateAppender();
            app.Append(Series("a", 1), 100_000, 1);
            Assert.Equal(1, app.Commit().Accepted);
        }
        using TsdbHead last = Open();
        Assert.Equal(20, Read(last, Series("a", 1)).Count);
    }

    [Fact]
    public void Matchers_select_through_the_inverted_index()
    {
        using TsdbHead head = Open();
        IAppender app = head.CreateAppender();
        for (int i = 0; i < 30; i++) app.Append(Series(i % 3 == 0 ? "api" : i % 3 == 1 ? "web" : "db", i), 1000, i);
        app.Append(LabelSet.FromPairs("__name__", "other", "job", "api"), 1000, 1);
        app.Commit();
        using ISeriesQuerier q = head.Querier(0, 2000);
        Assert.Equal(10, q.Select([LabelMatcher.Equal("__name__", "m"), LabelMatcher.Equal("job", "api")]).Count);
        Assert.Equal(20, q.Select([LabelMatcher.Equal("__name__", "m"), new LabelMatcher(MatcherType.Regex, "job", "api|web")]).Count);
        Assert.Equal(20, q.Select([LabelMatcher.Equal("__name__", "m"), new LabelMatcher(MatcherType.NotEqual, "job", "db")]).Count);
        Assert.Equal(10, q.Select([LabelMatcher.Equal("__name__", "m"), new LabelMatcher(MatcherType.NotRegex, "job", "a.*|w.*")]).Count);
        Assert.Equal(11, q.Select([new LabelMatcher(MatcherType.Regex, "job", "a.i")]).Count);
        Assert.Single(q.Select([LabelMatcher.Equal("__name__", "other"), LabelMatcher.Equal("i", "")]));
        Assert.Empty(q.Select([LabelMatcher.Equal("__name__", "m"), LabelMatcher.Equal("i", "")]));
        Assert.Equal(["api", "db", "web"], q.LabelValues("job", []));
        Assert.Equal(["__name__", "i", "job"], q.LabelNames([]));
        Assert.Equal(["other"], q.LabelValues("__name__", [LabelMatcher.Equal("job", "api"), LabelMatcher.Equal("i", "")]));
    }

    [Fact]
    public void Two_threads_append_to_disjoint_and_shared_series_without_losing_acknowledged_samples()
    {
        using (TsdbHead head = Open())
        {
            Parallel.For(0, 2, worker =>
            {
                for (int i = 0; i < 300; i++)
                {
                    IAppender app = head.CreateAppender();
                    app.Append(Series("w" + worker, i % 10), i * 1000L, i);
                    app.Append(Series("shared", worker), i * 1000L, i);
                    Assert.Equal(2, app.Commit().Accepted);
                }
            });
        }
        using TsdbHead reopened = Open();
        Assert.Equal(22, reopened.SeriesCount);
        Assert.Equal(300, Read(reopened, Series("shared", 1)).Count);
        Assert.Equal(30, Read(reopened, Series("w0", 3)).Count);
    }
}

/// <summary>Compares samples by timestamp and value bits, so NaNs compare equal to themselves.</summary>
internal sealed class SampleComparer : IEqualityComparer<Sample>
{
    public static readonly SampleComparer Instance = new();

    public bool Equals(Sample a, Sample b) => a.TimestampMs == b.TimestampMs
        && BitConverter.DoubleToUInt64Bits(a.Value) == BitConverter.DoubleToUInt64Bits(b.Value);

    public int GetHashCode(Sample s) => HashCode.Combine(s.TimestampMs, BitConverter.DoubleToUInt64Bits(s.Value));
}
