using System.Net;
using Metrics.Query.Http;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Tests.Http;

public sealed class QueryEndpointsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var storage = new MemoryStorage();
        IAppender app = storage.CreateAppender();
        app.Append(LabelSet.FromPairs("__name__", "up", "job", "a", "instance", "x:1"), 1_700_000_000_000, 1);
        app.Append(LabelSet.FromPairs("__name__", "up", "job", "a", "instance", "x:1"), 1_700_000_015_000, 0);
        app.Append(LabelSet.FromPairs("__name__", "temp", "place", "zürich"), 1_700_000_015_500, double.PositiveInfinity);
        app.Commit();
        _server = await TestServer.StartAsync(s =>
        {
            s.AddSingleton(TimeProvider.System);
            s.AddSingleton<ISeriesQueryable>(storage);
            s.AddQueryEngine();
        }, a => a.MapQueryApi());
        _http.BaseAddress = _server.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Instant_query_answers_in_prometheus_exact_json()
    {
        string body = await _http.GetStringAsync("/api/v1/query?query=up&time=1700000016");
        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"instance\":\"x:1\",\"job\":\"a\"},\"value\":[1700000016,\"0\"]}]}}",
            body);
    }

    [Fact]
    public async Task Range_query_by_form_post_returns_a_matrix()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = "up{job=\"a\"}", ["start"] = "1700000000", ["end"] = "1700000030", ["step"] = "15s",
        });
        HttpResponseMessage response = await _http.PostAsync("/api/v1/query_range", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"instance\":\"x:1\",\"job\":\"a\"},\"values\":[[1700000000,\"1\"],[1700000015,\"0\"],[1700000030,\"0\"]]}]}}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Infinity_and_non_ascii_are_written_literally()
    {
        string body = await _http.GetStringAsync("/api/v1/query?query=temp&time=2023-11-14T22:13:36.5Z");
        Assert.Contains("\"place\":\"zürich\"", body, StringComparison.Ordinal);
        Assert.Contains("\"value\":[1700000016.5,\"+Inf\"]", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/query?query=up{", "invalid parameter \\\"query\\\": 1:4: parse error: unexpected end of input in label matching, expected label name")]
    [InlineData("/api/v1/query?query=up&time=yesterday", "invalid parameter \\\"time\\\": cannot parse \\\"yesterday\\\" to a valid timestamp")]
    [InlineData("/api/v1/query_range?query=up&start=10&end=5&step=1", "invalid parameter \\\"end\\\": end timestamp must not be before start time")]
    [InlineData("/api/v1/query_range?query=up&end=5&step=1", "invalid parameter \\\"start\\\": missing value")]
    [InlineData("/api/v1/query_range?query=up&start=1&end=5&step=x", "invalid parameter \\\"step\\\": cannot parse \\\"x\\\" to a valid duration")]
    [InlineData("/api/v1/series", "no match[] parameter provided")]
    public async Task Bad_requests_get_400_with_the_error_envelope(string url, string message)
    {
        HttpResponseMessage response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"{{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"{message}\"}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Annotations_are_returned_beside_the_data()
    {
        string body = await _http.GetStringAsync("/api/v1/query_range?query=sort(up)&start=1700000000&end=1700000030&step=15");
        Assert.EndsWith(",\"warnings\":[\"PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)\"]}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("warnings", await _http.GetStringAsync("/api/v1/query?query=up&time=1700000016"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeout_parameter_is_validated()
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/v1/query?query=up&timeout=-1")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/v1/query?query=up&timeout=soon")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _http.GetAsync("/api/v1/query?query=up&time=1700000016&timeout=30s")).StatusCode);
    }

    [Fact]
    public async Task Format_query_prints_the_canonical_form()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":\"sum by (job) (rate(up[5m]))\"}",
            await _http.GetStringAsync("/api/v1/format_query?query=" + Uri.EscapeDataString("sum(rate(up[5m]))by(job)")));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/v1/format_query?query=sum(")).StatusCode);
    }

    [Fact]
    public async Task Metadata_endpoints_list_series_names_and_values()
    {
        Assert.Equal("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\",\"place\"]}", await _http.GetStringAsync("/api/v1/labels"));
        Assert.Equal("{\"status\":\"success\",\"data\":[\"temp\",\"up\"]}", await _http.GetStringAsync("/api/v1/label/__name__/values"));
        Assert.Equal("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"instance\":\"x:1\",\"job\":\"a\"}]}",
            await _http.GetStringAsync("/api/v1/series?match[]=up"));
        Assert.Equal("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\"]}", await _http.GetStringAsync("/api/v1/labels?limit=2"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await _http.GetAsync("/api/v1/labels?limit=-1")).StatusCode);
    }
}
