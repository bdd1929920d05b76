using Metrics.Collector.Config;
using Metrics.Collector.Scrape;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Collector.Tests.Scrape;

/// <summary>
/// A real HTTP target on 127.0.0.1 whose response the test writes, scraped through a client set up like the
/// scrape manager's (no automatic decompression), into an in-memory store the test reads back.
/// </summary>
public abstract class ScrapeTestTarget : IAsyncLifetime, IDisposable
{
    private TestServer _server = null!;

    protected HttpClient Http { get; } = new(new SocketsHttpHandler
    {
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    });

    protected MemoryStorage Storage { get; } = new();
    protected CollectorMetrics Metrics { get; } = new();
    private protected ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    /// <summary>Writes the response to each scrape; the default answers 404.</summary>
    protected Func<HttpContext, Task> Respond { get; set; } = ctx => { ctx.Response.StatusCode = 404; return Task.CompletedTask; };

    /// <summary>The request headers of the last scrape.</summary>
    protected Dictionary<string, string>? LastRequestHeaders { get; private set; }

    protected Uri Url => new(_server.BaseAddress, "/metrics");

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(_ => { }, app => app.Map("/metrics", (HttpContext ctx) =>
        {
            // Copied: Kestrel recycles the request's header collection once the response ends.
            LastRequestHeaders = ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            return Respond(ctx);
        }));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        Http.Dispose();
        Metrics.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Answers every scrape with <paramref name="body"/> under <paramref name="contentType"/>.</summary>
    protected void Serve(string body, string contentType = "text/plain; version=0.0.4; charset=utf-8") =>
        Respond = async ctx =>
        {
            ctx.Response.ContentType = contentType;
            await ctx.Response.WriteAsync(body);
        };

    protected ScrapeLoop NewLoop(ScrapeLimits? limits = null, TimeSpan? timeout = null, bool honorTimestamps = true)
    {
        var target = new ScrapeTarget("job1", Url, LabelSet.FromPairs("job", "job1", "instance", Url.Authority),
            TimeSpan.FromSeconds(15), timeout ?? TimeSpan.FromSeconds(5), HonorLabels: false, honorTimestamps)
        {
            Limits = limits ?? ScrapeLimits.None,
        };
        return new ScrapeLoop(target, Http, Storage, Clock, Metrics, NullLogger.Instance);
    }

    /// <summary>Every stored sample of <paramref name="metric"/> with its series labels.</summary>
    protected List<(LabelSet Labels, Sample Sample)> All(string metric)
    {
        using ISeriesQuerier q = Storage.Querier(long.MinValue, long.MaxValue);
        var result = new List<(LabelSet, Sample)>();
        foreach (ISeries s in q.Select([LabelMatcher.Equal("__name__", metric)]))
        {
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) result.Add((s.Labels, it.At()));
        }
        return result;
    }

    /// <summary>The value of <c>up</c> from the latest scrape.</summary>
    protected double LatestUp() => All("up")[^1].Sample.Value;
}
