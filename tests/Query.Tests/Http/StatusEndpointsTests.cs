using System.Text.Json;
using Metrics.Query.Http;
using Metrics.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Query.Tests.Http;

public sealed class StatusEndpointsTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(s => s.AddSingleton(new StatusInfo
        {
            Version = "1.2.3",
            Flags = new Dictionary<string, string> { ["storage.tsdb.path"] = "/data", ["web.listen-address"] = ":9090" },
            ConfigYaml = () => "scrape_configs: []\n",
            StorageRetention = "15d",
        }), a => a.MapStatusApi());
        _http.BaseAddress = _server.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> DataAsync(string url)
    {
        using JsonDocument doc = JsonDocument.Parse(await _http.GetStringAsync(url));
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task Buildinfo_flags_config_and_runtimeinfo_have_prometheus_shapes()
    {
        Assert.Equal("1.2.3", (await DataAsync("/api/v1/status/buildinfo")).GetProperty("version").GetString());
        JsonElement flags = await DataAsync("/api/v1/status/flags");
        Assert.Equal("/data", flags.GetProperty("storage.tsdb.path").GetString());
        Assert.Equal("scrape_configs: []\n", (await DataAsync("/api/v1/status/config")).GetProperty("yaml").GetString());
        JsonElement runtime = await DataAsync("/api/v1/status/runtimeinfo");
        Assert.Equal("15d", runtime.GetProperty("storageRetention").GetString());
        Assert.True(runtime.GetProperty("reloadConfigSuccess").GetBoolean());
    }

    [Fact]
    public async Task Metadata_and_exemplars_are_empty_but_valid()
    {
        Assert.Equal(JsonValueKind.Object, (await DataAsync("/api/v1/metadata")).ValueKind);
        Assert.Equal(0, (await DataAsync("/api/v1/query_exemplars?query=up")).GetArrayLength());
    }
}
