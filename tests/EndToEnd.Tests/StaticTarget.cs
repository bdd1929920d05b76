using System.Collections.Concurrent;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metrics.EndToEnd.Tests;

/// <summary>A scrape target on 127.0.0.1 that always serves the same exposition, so every scrape's values are known.</summary>
internal sealed class StaticTarget : IAsyncDisposable
{
    public const string Exposition = """
        # HELP e2e_requests_total Requests served.
        # TYPE e2e_requests_total counter
        e2e_requests_total{code="200"} 1027
        e2e_requests_total{code="500"} 3
        # TYPE e2e_temperature_celsius gauge
        e2e_temperature_celsius -4.5

        """;

    private readonly TestServer _server;
    private readonly ConcurrentQueue<long> _served;

    private StaticTarget(TestServer server, ConcurrentQueue<long> served)
    {
        _server = server;
        _served = served;
    }

    /// <summary>When each scrape reached this target (Unix ms, this machine's clock), in order.</summary>
    public IReadOnlyList<long> ServedAt => [.. _served];

    /// <summary>host:port, as a static_configs target.</summary>
    public string Address => $"{_server.BaseAddress.Host}:{_server.BaseAddress.Port}";

    public static async Task<StaticTarget> StartAsync()
    {
        var served = new ConcurrentQueue<long>();
        TestServer server = await TestServer.StartAsync(_ => { }, app => app.MapGet("/metrics", () =>
        {
            served.Enqueue(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            return Results.Text(Exposition, "text/plain; version=0.0.4");
        }));
        return new StaticTarget(server, served);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
