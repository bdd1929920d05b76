namespace Metrics.EndToEnd.Tests;

/// <summary>The <c>metrics</c> binary as an alert manager, driven by the real amtool; silences survive a crash.</summary>
public sealed class AlertmanagerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("am-e2e-").FullName;

    private const string Config = """
        route:
          receiver: default
          group_by: [alertname]
          routes:
            - matchers: ['team=~"db|storage"']
              receiver: dba
              continue: true
            - matchers: [severity=page]
              receiver: pager
        receivers:
          - name: default
          - name: dba
          - name: pager
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private string ConfigFile()
    {
        string path = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(path, Config);
        return path;
    }

    private static async Task<string> AmtoolAsync(Uri url, params string[] args)
    {
        var (exit, output) = await ExternalTool.RunAsync("amtool", "", Timeout, ["--alertmanager.url=" + url, .. args]);
        Assert.True(exit == 0, $"amtool {string.Join(' ', args)}: {output}");
        return output;
    }

    [Fact]
    public async Task AmtoolAddsAndSilencesAlertsAndSilencesSurviveACrash()
    {
        string config = ConfigFile();
        string storage = Path.Combine(_dir, "data");
        int port = MetricsProcess.FreePort();
        string silenceId;
        await using (var am = await MetricsProcess.StartAlertmanagerAsync(config, storage, port))
        {
            await AmtoolAsync(am.BaseAddress, "alert", "add", "alertname=Down", "instance=a", "team=db", "--annotation=summary=down");
            string alerts = await AmtoolAsync(am.BaseAddress, "alert", "query");
            Assert.Contains("Down", alerts, StringComparison.Ordinal);
            Assert.Contains("down", alerts, StringComparison.Ordinal);
            silenceId = (await AmtoolAsync(am.BaseAddress, "silence", "add", "alertname=Down", "-c", "maintenance", "-a", "ops", "-d", "2h")).Trim();
            Assert.DoesNotContain("Down", await AmtoolAsync(am.BaseAddress, "alert", "query"), StringComparison.Ordinal);
            Assert.Contains("Down", await AmtoolAsync(am.BaseAddress, "alert", "query", "-s"), StringComparison.Ordinal);
        }   // SIGKILL
        await using (var restarted = await MetricsProcess.StartAlertmanagerAsync(config, storage, port))
        {
            Assert.Equal(silenceId, (await AmtoolAsync(restarted.BaseAddress, "silence", "query", "-q")).Trim());
            await AmtoolAsync(restarted.BaseAddress, "silence", "expire", silenceId);
            Assert.Equal("", (await AmtoolAsync(restarted.BaseAddress, "silence", "query", "-q")).Trim());
            Assert.Equal(silenceId, (await AmtoolAsync(restarted.BaseAddress, "silence", "query", "-q", "--expired")).Trim());
        }
    }

    [Theory]
    [InlineData("team=db")]
    [InlineData("team=db", "severity=page")]
    [InlineData("severity=page")]
    [InlineData("alertname=x")]
    public async Task RoutesTestPrintsWhatAmtoolPrints(params string[] labels)
    {
        string config = ConfigFile();
        var (amExit, amOut) = await ExternalTool.RunAsync("amtool", "", Timeout, ["config", "routes", "test", "--config.file", config, .. labels]);
        var (ourExit, ourOut, _) = await MetricsProcess.RunAsync(Timeout, ["alertmanager", "routes", "test", "--config.file", config, .. labels]);
        Assert.Equal(0, amExit);
        Assert.Equal(0, ourExit);
        // amtool's output also carries a warning on stderr; the receivers are its first line.
        Assert.Equal(amOut.Split('\n')[0], ourOut.TrimEnd('\n'));
    }

    [Fact]
    public async Task CheckConfigNamesTheFieldOfAnUndefinedReceiver()
    {
        string path = Path.Combine(_dir, "bad.yml");
        File.WriteAllText(path, Config.Replace("receiver: pager", "receiver: nobody", StringComparison.Ordinal));
        var (amExit, _) = await ExternalTool.RunAsync("amtool", "", Timeout, "check-config", path);
        var (ourExit, _, stderr) = await MetricsProcess.RunAsync(Timeout, "alertmanager", "check-config", path);
        Assert.Equal(1, amExit);
        Assert.Equal(1, ourExit);
        Assert.Contains("bad.yml:9:", stderr, StringComparison.Ordinal);
        Assert.Contains("field \"route.routes[1].receiver\": undefined receiver \"nobody\" used in route", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
