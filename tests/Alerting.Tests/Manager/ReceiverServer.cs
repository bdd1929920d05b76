using System.Collections.Concurrent;
using System.Text.Json;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metrics.Alerting.Tests.Manager;

/// <summary>A local HTTP server standing in for Slack, OpsGenie or a webhook: records requests and fails on demand.</summary>
internal sealed class ReceiverServer : IAsyncDisposable
{
    private readonly TestServer _server;
    private int _attempts;

    private ReceiverServer(TestServer server) => _server = server;

    /// <summary>Requests answered with 2xx, in arrival order.</summary>
    public ConcurrentQueue<ReceivedRequest> Delivered { get; } = new();

    /// <summary>Every request, including those answered with an error or abandoned by the client.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Given the 1-based attempt number: the status to answer and how long to stall first.</summary>
    public Func<int, (int Status, TimeSpan Delay)> Behaviour { get; set; } = _ => (200, TimeSpan.Zero);

    public Uri Url(string path) => new(_server.BaseAddress, path);

    public static async Task<ReceiverServer> StartAsync()
    {
        ReceiverServer? self = null;
        TestServer server = await TestServer.StartAsync(_ => { }, app => app.Map("/{**path}", async (HttpContext ctx) =>
        {
            int attempt = Interlocked.Increment(ref self!._attempts);
            var (status, delay) = self.Behaviour(attempt);
            using var reader = new StreamReader(ctx.Request.Body);
            string body = await reader.ReadToEndAsync();
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            ctx.Response.StatusCode = status;
            if (status is >= 200 and < 300)
            {
                self.Delivered.Enqueue(new ReceivedRequest(ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString,
                    ctx.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            }
        }));
        self = new ReceiverServer(server);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

internal sealed record ReceivedRequest(string Method, string PathAndQuery, Dictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
