using System.Collections.Concurrent;
using IronSnappy;
using Metrics.Store.RemoteWrite.Proto;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metrics.Collector.Tests.RemoteWrite;

/// <summary>A real HTTP remote-write endpoint on 127.0.0.1 that decodes every request and answers as the test scripts it.</summary>
internal sealed class FakeReceiver : IAsyncDisposable
{
    private readonly TestServer _server;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _count;

    private FakeReceiver(TestServer server) => _server = server;

    /// <summary>Answers request number N (from 1) with a status and optional headers; default 204.</summary>
    public Func<int, (int Status, string? RetryAfter)> Answer { get; set; } = _ => (204, null);

    /// <summary>When set, each request waits for it before answering (to hold shards in flight).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Which requests (by number) wait for <see cref="Gate"/>; all by default.</summary>
    public Func<int, bool> Held { get; set; } = _ => true;

    /// <summary>
    /// Behave as Prometheus 2.42's receiver: a request with any sample not newer than its series'
    /// newest stored one is refused whole with 400 "out of order sample" and nothing of it is kept.
    /// </summary>
    public bool RejectOutOfOrderLikePrometheus { get; set; }

    private readonly Dictionary<string, long> _newest = [];

    public Uri Url => new(_server.BaseAddress, "/api/v1/write");

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    public int InFlight => Volatile.Read(ref _inFlight);

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Samples from requests answered 2xx, in arrival order.</summary>
    public List<(string Series, long Timestamp, double Value)> Accepted()
        => [.. _requests.Where(r => r.Status is >= 200 and < 300).SelectMany(r => r.Samples)];

    public static async Task<FakeReceiver> StartAsync()
    {
        FakeReceiver? self = null;
        TestServer server = await TestServer.StartAsync(_ => { }, app => app.MapPost("/api/v1/write", (HttpContext ctx) => self!.HandleAsync(ctx)));
        self = new FakeReceiver(server);
        return self;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        int number = Interlocked.Increment(ref _count);
        int now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        try
        {
            using var body = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(body);
            WriteRequest request = WriteRequest.Parser.ParseFrom(Snappy.Decode(body.ToArray()));
            var samples = new List<(string, long, double)>();
            foreach (TimeSeries ts in request.Timeseries)
            {
                string series = string.Join(",", ts.Labels.Select(l => $"{l.Name}={l.Value}"));
                foreach (Sample s in ts.Samples) samples.Add((series, s.Timestamp, s.Value));
            }
            if (Gate is { } gate && Held(number)) await gate.Task;
            (int status, string? retryAfter) = Answer(number);
            if (status is >= 200 and < 300 && RejectOutOfOrderLikePrometheus && !TryStoreInOrder(samples))
            {
                _requests.Enqueue(new ReceivedRequest(number, 400, samples, []));
                ctx.Response.StatusCode = 400;
                await ctx.Response.WriteAsync("out of order sample");
                return;
            }
            _requests.Enqueue(new ReceivedRequest(number, status, samples, ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (retryAfter is not null) ctx.Response.Headers.RetryAfter = retryAfter;
            ctx.Response.StatusCode = status;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private bool TryStoreInOrder(List<(string Series, long Timestamp, double Value)> samples)
    {
        lock (_newest)
        {
            var staged = new Dictionary<string, long>(_newest);
            foreach (var (series, ts, _) in samples)
            {
                if (staged.TryGetValue(series, out long newest) && ts <= newest) return false;
                staged[series] = ts;
            }
            foreach (var (k, v) in staged) _newest[k] = v;
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        return _server.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(int Number, int Status, List<(string Series, long Timestamp, double Value)> Samples, Dictionary<string, string> Headers);
