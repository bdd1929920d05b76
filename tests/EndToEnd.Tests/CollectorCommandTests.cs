namespace Metrics.EndToEnd.Tests;

/// <summary>How <c>metrics collector</c> refuses configurations it cannot run.</summary>
public sealed class CollectorCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-collector-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int ExitCode, string Stderr)> RunAsync(string yaml)
    {
        string config = Path.Combine(_dir, "c.yml");
        await File.WriteAllTextAsync(config, yaml);
        var (code, _, stderr) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "collector", "--config.file", config,
            "--web.listen-address", $"127.0.0.1:{MetricsProcess.FreePort()}", "--storage.remote-write.path", Path.Combine(_dir, "buffer"));
        return (code, stderr);
    }

    [Fact]
    public async Task A_config_without_remote_write_is_an_error_for_the_collector()
    {
        var (code, stderr) = await RunAsync("scrape_configs: []\n");
        Assert.Equal(1, code);
        Assert.Contains("field \"remote_write\"", stderr, StringComparison.Ordinal);
        Assert.Contains("at least one remote_write", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_remote_write_field_is_reported_with_file_line_and_field()
    {
        var (code, stderr) = await RunAsync("""
            scrape_configs: []
            remote_write:
              - url: http://127.0.0.1:1/api/v1/write
                queue_config:
                  max_shards: many
            """);
        Assert.Equal(1, code);
        Assert.Contains("c.yml:5:", stderr, StringComparison.Ordinal);
        Assert.Contains("field \"remote_write[0].queue_config.max_shards\"", stderr, StringComparison.Ordinal);
    }
}
