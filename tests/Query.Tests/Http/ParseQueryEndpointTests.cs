using System.Net;
using System.Text.Json;
using Metrics.Query.Http;
using Metrics.Store.Abstractions;
using Metrics.Store.Memory;
using Metrics.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Tests.Http;

/// <summary>/api/v1/parse_query answers with the syntax tree in the JSON shape of Prometheus 3's translateAST.</summary>
public sealed class ParseQueryEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(s =>
        {
            s.AddSingleton(TimeProvider.System);
            s.AddSingleton<ISeriesQueryable>(new MemoryStorage());
            s.AddQueryEngine();
        }, a => a.MapQueryApi());
        _http.BaseAddress = _server.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> ParseAsync(string query) =>
        await _http.GetStringAsync("/api/v1/parse_query?query=" + Uri.EscapeDataString(query));

    [Fact]
    public async Task Aggregation_over_a_rate_is_a_tree_of_aggregation_call_and_matrix_selector()
    {
        string body = await ParseAsync("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1m))");
        Assert.Equal(
            "{\"status\":\"success\",\"data\":{\"expr\":{\"args\":[{\"anchored\":false,\"matchers\":["
            + "{\"name\":\"code\",\"type\":\"=~\",\"value\":\"5..\"},{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"http_requests_total\"}],"
            + "\"name\":\"http_requests_total\",\"offset\":60000,\"range\":300000,\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,\"type\":\"matrixSelector\"}],"
            + "\"func\":{\"argTypes\":[\"matrix\"],\"name\":\"rate\",\"returnType\":\"vector\",\"variadic\":0},\"type\":\"call\"},"
            + "\"grouping\":[\"job\"],\"op\":\"sum\",\"param\":null,\"type\":\"aggregation\",\"without\":false}}",
            body);
    }

    [Fact]
    public async Task Binary_operation_between_vectors_has_matching_and_with_a_scalar_has_none()
    {
        using JsonDocument vectors = JsonDocument.Parse(await ParseAsync("a / on (job) group_left (version) b"));
        JsonElement data = vectors.RootElement.GetProperty("data");
        Assert.Equal("binaryExpr", data.GetProperty("type").GetString());
        Assert.Equal("/", data.GetProperty("op").GetString());
        JsonElement matching = data.GetProperty("matching");
        Assert.Equal("many-to-one", matching.GetProperty("card").GetString());
        Assert.True(matching.GetProperty("on").GetBoolean());
        Assert.Equal("job", matching.GetProperty("labels")[0].GetString());
        Assert.Equal("version", matching.GetProperty("include")[0].GetString());
        Assert.Equal(JsonValueKind.Null, matching.GetProperty("fillValues").GetProperty("lhs").ValueKind);

        using JsonDocument scalar = JsonDocument.Parse(await ParseAsync("up > bool 0.5"));
        JsonElement cmp = scalar.RootElement.GetProperty("data");
        Assert.Equal(JsonValueKind.Null, cmp.GetProperty("matching").ValueKind);
        Assert.True(cmp.GetProperty("bool").GetBoolean());
        Assert.Equal("{\"type\":\"numberLiteral\",\"val\":\"0.5\"}", cmp.GetProperty("rhs").GetRawText());
    }

    [Fact]
    public async Task Set_operators_match_many_to_many()
    {
        using JsonDocument doc = JsonDocument.Parse(await ParseAsync("a and b"));
        Assert.Equal("many-to-many", doc.RootElement.GetProperty("data").GetProperty("matching").GetProperty("card").GetString());
    }

    [Fact]
    public async Task Subquery_with_at_start_and_literals_keep_their_values()
    {
        using JsonDocument doc = JsonDocument.Parse(await ParseAsync("max_over_time((-up)[30m:1m] @ start()) + 1e21"));
        JsonElement data = doc.RootElement.GetProperty("data");
        JsonElement subquery = data.GetProperty("lhs").GetProperty("args")[0];
        Assert.Equal("subquery", subquery.GetProperty("type").GetString());
        Assert.Equal(1_800_000, subquery.GetProperty("range").GetInt64());
        Assert.Equal(60_000, subquery.GetProperty("step").GetInt64());
        Assert.Equal("start", subquery.GetProperty("startOrEnd").GetString());
        Assert.Equal(JsonValueKind.Null, subquery.GetProperty("timestamp").ValueKind);
        JsonElement paren = subquery.GetProperty("expr");
        Assert.Equal("parenExpr", paren.GetProperty("type").GetString());
        Assert.Equal("unaryExpr", paren.GetProperty("expr").GetProperty("type").GetString());
        Assert.Equal("-", paren.GetProperty("expr").GetProperty("op").GetString());
        // Go's strconv.FormatFloat(v, 'f', -1, 64): never an exponent.
        Assert.Equal("1000000000000000000000", data.GetProperty("rhs").GetProperty("val").GetString());
    }

    [Fact]
    public async Task Vector_selector_with_at_timestamp_and_string_argument()
    {
        using JsonDocument doc = JsonDocument.Parse(await ParseAsync("label_replace(up @ 1700000000, \"dst\", \"$1\", \"src\", \"(.*)\")"));
        JsonElement call = doc.RootElement.GetProperty("data");
        JsonElement selector = call.GetProperty("args")[0];
        Assert.Equal("vectorSelector", selector.GetProperty("type").GetString());
        Assert.Equal(1_700_000_000_000, selector.GetProperty("timestamp").GetInt64());
        Assert.False(selector.TryGetProperty("range", out _));
        Assert.Equal("{\"type\":\"stringLiteral\",\"val\":\"dst\"}", call.GetProperty("args")[1].GetRawText());
        Assert.Equal(0, call.GetProperty("func").GetProperty("variadic").GetInt32());
        Assert.Equal(5, call.GetProperty("func").GetProperty("argTypes").GetArrayLength());
    }

    [Fact]
    public async Task Invalid_query_is_bad_data_naming_the_parameter()
    {
        HttpResponseMessage response = await _http.GetAsync("/api/v1/parse_query?query=" + Uri.EscapeDataString("sum(rate(up[5m])"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_data", doc.RootElement.GetProperty("errorType").GetString());
        Assert.StartsWith("invalid parameter \"query\"", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Form_post_is_accepted()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "\"text\"" });
        HttpResponseMessage response = await _http.PostAsync("/api/v1/parse_query", form);
        Assert.Equal("{\"status\":\"success\",\"data\":{\"type\":\"stringLiteral\",\"val\":\"text\"}}", await response.Content.ReadAsStringAsync());
    }
}
