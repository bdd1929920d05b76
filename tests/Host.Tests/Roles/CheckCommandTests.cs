using Metrics.Host.Roles;

namespace Metrics.Host.Tests.Roles;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_valid_file_passes_and_a_bad_one_fails_with_file_line_and_field()
    {
        string good = Path.Combine(_dir, "good.yml");
        string bad = Path.Combine(_dir, "bad.yml");
        File.WriteAllText(good, "scrape_configs:\n  - job_name: a\n");
        File.WriteAllText(bad, "scrape_configs:\n  - job_name: a\n    bogus: 1\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        Assert.Equal(0, CheckCommand.CheckConfigs([good], stdout, stderr));
        Assert.Contains("SUCCESS", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, CheckCommand.CheckConfigs([good, bad], stdout, stderr));
        Assert.Contains($"{bad}:3:5: field \"scrape_configs[0].bogus\": unknown field", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_exits_non_zero_on_a_bad_file()
    {
        string bad = Path.Combine(_dir, "bad.yml");
        File.WriteAllText(bad, "global:\n  scrape_interval: often\n");
        int code = await Program.BuildCommand().Parse(["check", "config", bad]).InvokeAsync();
        Assert.Equal(1, code);
    }

    [Theory]
    [InlineData(":9090", "", 9090, "localhost:9090")]
    [InlineData("0.0.0.0:9090", "0.0.0.0", 9090, "localhost:9090")]
    [InlineData("127.0.0.1:1234", "127.0.0.1", 1234, "127.0.0.1:1234")]
    [InlineData("[::1]:80", "::1", 80, "[::1]:80")]
    public void Listen_addresses_parse_like_prometheus(string text, string host, int port, string self)
    {
        ListenAddress a = ListenAddress.Parse(text, "--web.listen-address");
        Assert.Equal((host, port, self), (a.Host, a.Port, a.SelfTarget));
    }

    [Fact]
    public void A_listen_address_without_port_is_an_error()
    {
        Assert.Throws<Metrics.Store.Configuration.ConfigException>(() => ListenAddress.Parse("localhost", "--web.listen-address"));
    }
}
