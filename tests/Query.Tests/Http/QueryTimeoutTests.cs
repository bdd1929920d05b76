using System.Net;
using Metrics.Query.Http;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Tests.Http;

/// <summary>A query that outlives its <c>timeout</c> parameter is stopped and reported as Prometheus does.</summary>
public sealed class QueryTimeoutTests
{
    /// <summary>Storage whose reads take far longer than the timeout parameter, even on a loaded machine whose timers run late.</summary>
    private sealed class SlowStorage(MemoryStorage inner, TimeSpan delay) : ISeriesQueryable
    {
        public ISeriesQuerier Querier(long minTimeMs, long maxTimeMs)
        {
            Thread.Sleep(delay);
            return inner.Querier(minTimeMs, maxTimeMs);
        }
    }

    [Fact]
    public async Task A_query_past_its_timeout_parameter_answers_503_timeout()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        app.Append(LabelSet.FromPairs("__name__", "up", "job", "a"), 1_700_000_000_000, 1);
        app.Commit();
        await using TestServer server = await TestServer.StartAsync(s =>
        {
            s.AddSingleton(TimeProvider.System);
            s.AddSingleton<ISeriesQueryable>(new SlowStorage(storage, TimeSpan.FromSeconds(3)));
            s.AddQueryEngine();
        }, a => a.MapQueryApi());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        HttpResponseMessage response = await http.GetAsync("/api/v1/query?query=up&time=1700000001&timeout=20ms");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query execution\"}",
            await response.Content.ReadAsStringAsync());
    }
}
