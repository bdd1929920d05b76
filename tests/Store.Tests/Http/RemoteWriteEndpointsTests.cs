using Metrics.Tests.Shared;
using System.Net;
using System.Net.Http.Headers;
using Metrics.Store.Abstractions;
using Metrics.Store.Http;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.RemoteWrite;
using Metrics.Store.Samples;
using Microsoft.Extensions.DependencyInjection;
using static Metrics.Store.Tests.RemoteWrite.WriteRequests;
using Sample = Metrics.Store.Samples.Sample;

namespace Metrics.Store.Tests.Http;

public sealed class RemoteWriteEndpointsTests : IAsyncLifetime
{
    private static readonly LabelSet Up = LabelSet.FromPairs("__name__", "up", "job", "api");

    private readonly MemoryStorage _storage = new();
    private readonly HttpClient _client = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            s => s.AddSingleton<IAppendable>(_storage),
            app => app.MapRemoteWrite(new RemoteWriteOptions { MaxBodyBytes = 64 << 10 }));
        _client.BaseAddress = _server.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Valid_request_is_stored_and_answered_204()
    {
        byte[] body = Encode(Request(Series(["__name__", "up", "job", "api"], (1000, 1), (2000, StaleMarker.Value))));
        using HttpResponseMessage r = await PostAsync(body);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Sample[] stored = Stored(_storage, Up);
        Assert.Equal(2, stored.Length);
        Assert.Equal(new Sample(1000, 1), stored[0]);
        Assert.True(StaleMarker.IsStale(stored[1].Value));
    }

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("application/x-protobuf;proto=prometheus.WriteRequest")]
    [InlineData("application/x-protobuf; proto=\"prometheus.WriteRequest\"; charset=utf-8")]
    [InlineData(null)]
    public async Task Content_type_parameters_are_tolerated(string? contentType)
    {
        byte[] body = Encode(Request(Series(["__name__", "up", "job", "api"], (1000, 1))));
        using HttpResponseMessage r = await PostAsync(body, contentType);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-protobuf;proto=io.prometheus.write.v2.Request")]
    public async Task Other_content_types_are_415(string contentType)
    {
        byte[] body = Encode(Request(Series(["__name__", "up", "job", "api"], (1000, 1))));
        using HttpResponseMessage r = await PostAsync(body, contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        Assert.Contains("unsupported", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _storage.SeriesCount);
    }

    [Fact]
    public async Task Partial_write_is_400_naming_the_drops_and_keeps_the_rest()
    {
        await PostAsync(Encode(Request(Series(["__name__", "up", "job", "api"], (5000, 1)))));
        byte[] body = Encode(Request(
            Series(["__name__", "up", "job", "api"], (3000, 1), (4000, 1), (6000, 1)),
            Series(["__name__", "bad", "job", "api", "0x", "1"], (1000, 1))));

        using HttpResponseMessage r = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("text/plain", r.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        string message = await r.Content.ReadAsStringAsync();
        Assert.Contains("2 samples rejected (out of order: 2, duplicate timestamp: 0)", message, StringComparison.Ordinal);
        Assert.Contains("1 series with invalid labels dropped (1 samples)", message, StringComparison.Ordinal);
        Assert.Contains("1 samples stored", message, StringComparison.Ordinal);
        Assert.Contains("invalid label name \"0x\"", message, StringComparison.Ordinal);
        Assert.Equal([new Sample(5000, 1), new Sample(6000, 1)], Stored(_storage, Up));
    }

    [Fact]
    public async Task Missing_content_encoding_is_400()
    {
        byte[] body = Encode(Request(Series(["__name__", "up", "job", "api"], (1000, 1))));
        using HttpResponseMessage r = await PostAsync(body, encoding: null);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("missing Content-Encoding", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _storage.SeriesCount);
    }

    [Fact]
    public async Task Unsupported_content_encoding_is_400()
    {
        using HttpResponseMessage r = await PostAsync([1, 2, 3], encoding: "gzip");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("unsupported Content-Encoding \"gzip\"", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_body_is_400_with_the_decoder_message()
    {
        using HttpResponseMessage r = await PostAsync("not snappy"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("snappy: corrupt input", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snappy_around_garbage_is_400_protobuf_error()
    {
        using HttpResponseMessage r = await PostAsync(IronSnappy.Snappy.Encode([0x0A, 0xFF, 0xFF, 0x01]));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("protobuf: ", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_body_is_400()
    {
        using HttpResponseMessage r = await PostAsync([]);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("empty request body\n", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversize_body_is_413()
    {
        using HttpResponseMessage r = await PostAsync(new byte[(64 << 10) + 1]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("65536-byte limit", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversize_chunked_body_is_413()
    {
        // No Content-Length: the limit must hold while reading, not only from the header.
        using var content = new StreamContent(new MemoryStream(new byte[200 << 10]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
        req.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage r = await _client.SendAsync(req);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
    }

    [Fact]
    public async Task Body_just_under_the_limit_is_read_whole()
    {
        // Incompressible bytes wrapped as literals: a valid snappy body near the 64 KiB limit, then a protobuf error.
        byte[] noise = new byte[60 << 10];
        new Random(7).NextBytes(noise);
        byte[] body = IronSnappy.Snappy.Encode(noise);
        Assert.True(body.Length < 64 << 10);
        using HttpResponseMessage r = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.StartsWith("protobuf: ", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_is_not_allowed()
    {
        using HttpResponseMessage r = await _client.GetAsync(new Uri("/api/v1/write", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, r.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType = "application/x-protobuf", string? encoding = "snappy")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (encoding is not null) content.Headers.ContentEncoding.Add(encoding);
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
        req.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        return await _client.SendAsync(req);
    }
}
