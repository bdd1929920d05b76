using Metrics.Query.Engine;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;

namespace Metrics.Query.Tests.Engine;

public class QueryEngineTests
{
    private static readonly LabelSet A = LabelSet.FromPairs("__name__", "m", "job", "a");
    private static readonly LabelSet B = LabelSet.FromPairs("__name__", "m", "job", "b");

    private static QueryEngine EngineWith(params (LabelSet Labels, long T, double V)[] samples)
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        foreach (var (l, t, v) in samples) app.Append(l, t, v);
        app.Commit();
        return new QueryEngine(storage, new EngineOptions());
    }

    [Fact]
    public void Instant_selector_takes_the_newest_sample_within_lookback_and_stamps_it_with_the_query_time()
    {
        QueryEngine engine = EngineWith((A, 10_000, 1), (A, 20_000, 2), (B, 10_000, 7));
        var v = Assert.IsType<VectorValue>(engine.InstantQuery("m", 25_000));
        Assert.Equal([(A, 25_000L, 2.0), (B, 25_000L, 7.0)], v.Samples.Select(s => (s.Labels, s.TimestampMs, s.Value)));
    }

    [Fact]
    public void Lookback_window_is_left_open_five_minutes()
    {
        QueryEngine engine = EngineWith((A, 0, 1));
        Assert.Single(Assert.IsType<VectorValue>(engine.InstantQuery("m", 299_999)).Samples);
        Assert.Empty(Assert.IsType<VectorValue>(engine.InstantQuery("m", 300_000)).Samples);
        Assert.Empty(Assert.IsType<VectorValue>(engine.InstantQuery("m", -1)).Samples);
    }

    [Fact]
    public void A_stale_marker_ends_the_series_immediately()
    {
        QueryEngine engine = EngineWith((A, 0, 1), (A, 10_000, StaleMarker.Value));
        Assert.Single(Assert.IsType<VectorValue>(engine.InstantQuery("m", 9_999)).Samples);
        Assert.Empty(Assert.IsType<VectorValue>(engine.InstantQuery("m", 10_000)).Samples);
        Assert.Empty(Assert.IsType<VectorValue>(engine.InstantQuery("m", 60_000)).Samples);
    }

    [Fact]
    public void Range_selector_returns_raw_samples_in_a_left_open_window_without_stale_markers()
    {
        QueryEngine engine = EngineWith((A, 0, 0), (A, 10_000, 1), (A, 20_000, StaleMarker.Value), (A, 30_000, 3));
        var m = Assert.IsType<MatrixValue>(engine.InstantQuery("m[30s]", 30_000));
        Assert.Equal([new Sample(10_000, 1), new Sample(30_000, 3)], m.Series.Single().Samples.ToArray());
    }

    [Fact]
    public void Offset_shifts_the_window_back()
    {
        QueryEngine engine = EngineWith((A, 0, 1), (A, 60_000, 2));
        var v = Assert.IsType<VectorValue>(engine.InstantQuery("m{job=\"a\"} offset 1m", 60_000));
        Assert.Equal(1, v.Samples.Single().Value);
    }

    [Fact]
    public void Range_query_evaluates_at_every_step_and_omits_steps_without_data()
    {
        QueryEngine engine = EngineWith((A, 0, 1), (A, 30_000, 2), (A, 400_000, 3));
        MatrixValue m = engine.RangeQuery("m", 0, 420_000, 60_000);
        // Steps at 0..420s: 0,60 ->? 0:1, 60:2 (30s sample), ... 300:2 (30s within 5m, left-open at 330 no), 360:none, 420:3
        Assert.Equal(
            [new Sample(0, 1), new Sample(60_000, 2), new Sample(120_000, 2), new Sample(180_000, 2), new Sample(240_000, 2),
             new Sample(300_000, 2), new Sample(420_000, 3)],
            m.Series.Single().Samples.ToArray());
    }

    [Fact]
    public void Scalar_and_string_literals_evaluate_to_themselves()
    {
        QueryEngine engine = EngineWith();
        Assert.Equal(new ScalarValue(5, 1.5), engine.InstantQuery("1.5", 5));
        Assert.Equal(new StringValue(5, "x"), engine.InstantQuery("\"x\"", 5));
        MatrixValue m = engine.RangeQuery("2", 0, 2000, 1000);
        Assert.Equal([new Sample(0, 2), new Sample(1000, 2), new Sample(2000, 2)], m.Series.Single().Samples.ToArray());
    }

    [Theory]
    [InlineData("m[1m]", 0, 1000, 1000, "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")]
    [InlineData("m", 0, 1000, 0, "zero or negative query resolution step widths are not accepted. Try a positive integer")]
    [InlineData("m", 0, 11_000_000, 1000, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")]
    [InlineData("m{", 0, 1000, 1000, "1:3: parse error: unexpected end of input in label matching, expected label name")]
    public void Bad_range_queries_are_bad_data(string query, long start, long end, long step, string message)
    {
        QueryEngine engine = EngineWith((A, 0, 1));
        var e = Assert.Throws<QueryException>(() => engine.RangeQuery(query, start, end, step));
        Assert.Equal(QueryErrorType.BadData, e.ErrorType);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_sample_limit_stops_a_query_with_an_execution_error()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        for (int i = 0; i < 100; i++) app.Append(A, i * 1000, i);
        app.Commit();
        var engine = new QueryEngine(storage, new EngineOptions { MaxSamples = 50 });
        var e = Assert.Throws<QueryException>(() => engine.InstantQuery("m[5m]", 100_000));
        Assert.Equal(QueryErrorType.Execution, e.ErrorType);
    }

    [Theory]
    [InlineData("deriv(m[3m] smoothed)", "smoothed modifier can only be used with: delta, increase, rate - not with deriv")]
    [InlineData("max_over_time(m[3m] anchored)", "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with max_over_time")]
    public void Misused_range_modifiers_fail_when_the_query_runs(string query, string message)
    {
        QueryEngine engine = EngineWith((A, 0, 1));
        var e = Assert.Throws<QueryException>(() => engine.InstantQuery(query, 60_000));
        Assert.Equal(QueryErrorType.Execution, e.ErrorType);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Queries_beyond_the_concurrency_limit_wait_their_turn_within_the_timeout()
    {
        var storage = new MemoryStorage();
        var engine = new QueryEngine(storage, new EngineOptions { MaxConcurrency = 1, Timeout = TimeSpan.FromSeconds(30) });
        Parallel.For(0, 8, _ => Assert.IsType<ScalarValue>(engine.InstantQuery("1 + 1", 0)));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var e = Assert.Throws<QueryException>(() => engine.InstantQuery("1", 0, cancelled.Token));
        Assert.Equal(QueryErrorType.Canceled, e.ErrorType);
    }
}
