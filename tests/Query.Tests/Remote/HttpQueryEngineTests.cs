using Metrics.Query.Engine;
using Metrics.Query.Http;
using Metrics.Query.Remote;
using Metrics.Query.Values;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Tests.Remote;

/// <summary>Asking our own HTTP API through <see cref="HttpQueryEngine"/> gives what the local engine gives.</summary>
public sealed class HttpQueryEngineTests : IAsyncLifetime
{
    private const long T0 = 1_700_000_000_000;
    private readonly MemoryStorage _storage = new();
    private readonly HttpClient _http = new();
    private TestServer _server = null!;
    private QueryEngine _local = null!;
    private HttpQueryEngine _remote = null!;

    public async Task InitializeAsync()
    {
        IAppender app = _storage.CreateAppender();
        for (int i = 0; i < 20; i++)
        {
            app.Append(LabelSet.FromPairs("__name__", "requests_total", "job", "api", "instance", "a:1"), T0 + i * 15_000, i * 10);
            app.Append(LabelSet.FromPairs("__name__", "requests_total", "job", "api", "instance", "b:1"), T0 + i * 15_000 + 500, i * 3.5);
            app.Append(LabelSet.FromPairs("__name__", "temp", "place", "zürich"), T0 + i * 15_000, i == 7 ? double.PositiveInfinity : 0.1 * i);
        }
        app.Commit();
        _server = await TestServer.StartAsync(s =>
        {
            s.AddSingleton(TimeProvider.System);
            s.AddSingleton<ISeriesQueryable>(_storage);
            s.AddQueryEngine();
        }, a => a.MapQueryApi());
        _local = new QueryEngine(_storage, new EngineOptions());
        _remote = new HttpQueryEngine(_http, _server.BaseAddress, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("rate(requests_total[1m])")]
    [InlineData("sum by (job) (requests_total)")]
    [InlineData("temp")]
    [InlineData("scalar(sum(requests_total))")]
    [InlineData("count(requests_total) > 5")]
    public void Instant_queries_equal_the_local_engine(string query)
    {
        long t = T0 + 150_000;
        QueryValue expected = _local.InstantQuery(query, t);
        QueryValue actual = _remote.InstantQuery(query, t);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Fact]
    public void Range_queries_equal_the_local_engine()
    {
        const string query = "irate(requests_total[1m]) * 2";
        MatrixValue expected = _local.RangeQuery(query, T0 + 30_000, T0 + 280_000, 10_000);
        MatrixValue actual = _remote.RangeQuery(query, T0 + 30_000, T0 + 280_000, 10_000);
        Assert.NotEmpty(actual.Series);
        Assert.Equal(Describe(expected), Describe(actual));
    }

    [Fact]
    public void A_bad_query_is_a_bad_data_error_with_the_servers_message()
    {
        QueryException e = Assert.Throws<QueryException>(() => _remote.InstantQuery("sum(", T0));
        Assert.Equal(QueryErrorType.BadData, e.ErrorType);
        Assert.Contains("parse error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_is_an_execution_error_naming_it()
    {
        var nowhere = new HttpQueryEngine(_http, new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(5));
        QueryException e = Assert.Throws<QueryException>(() => nowhere.InstantQuery("up", T0));
        Assert.Equal(QueryErrorType.Execution, e.ErrorType);
        Assert.Contains("127.0.0.1:1", e.Message, StringComparison.Ordinal);
    }

    private static string Describe(QueryValue value) => value switch
    {
        VectorValue v => string.Join("\n", v.Samples.Select(s => $"{s.Labels} {s.TimestampMs} {s.Value:R}").Order(StringComparer.Ordinal)),
        MatrixValue m => string.Join("\n", m.Series.Select(s => $"{s.Labels} " + string.Join(",", s.Samples.ToArray().Select(p => $"{p.TimestampMs}:{p.Value:R}"))).Order(StringComparer.Ordinal)),
        ScalarValue s => $"scalar {s.TimestampMs} {s.Value:R}",
        _ => value.ToString(),
    };
}
