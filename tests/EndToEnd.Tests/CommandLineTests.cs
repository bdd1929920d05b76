namespace Metrics.EndToEnd.Tests;

/// <summary>The binary's verbs and their exit codes, as a user runs them.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Check_config_exits_non_zero_naming_file_line_and_field()
    {
        string bad = Path.Combine(_dir, "bad.yml");
        await File.WriteAllTextAsync(bad, "scrape_configs:\n  - job_name: a\n  - job_name: a\n");
        var (code, _, stderr) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "check", "config", bad);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}:3:", stderr, StringComparison.Ordinal);
        Assert.Contains("scrape_configs[1].job_name", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_accepts_the_shipped_default()
    {
        string shipped = Path.Combine(Metrics.Tests.Shared.RepoPaths.Root, "deploy", "local", "metrics.yml");
        var (code, stdout, _) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "check", "config", shipped);
        Assert.Equal(0, code);
        Assert.Contains("SUCCESS", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_refuses_to_start_on_a_bad_config_and_says_why()
    {
        string bad = Path.Combine(_dir, "bad.yml");
        await File.WriteAllTextAsync(bad, "global:\n  scrape_interval: sometimes\n");
        var (code, _, stderr) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "all", "--config.file", bad,
            "--web.listen-address", $"127.0.0.1:{MetricsProcess.FreePort()}", "--storage.tsdb.path", Path.Combine(_dir, "data"));
        Assert.Equal(1, code);
        Assert.Contains($"{bad}:2:", stderr, StringComparison.Ordinal);
        Assert.Contains("invalid duration \"sometimes\"", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_subcommand_fails()
    {
        var (code, _, _) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "collector-that-does-not-exist");
        Assert.NotEqual(0, code);
    }
}
