using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Metrics.Alerting.Tests.Peers;

/// <summary>The real prometheus-alertmanager on 127.0.0.1 with a temp config and storage, killed when disposed.</summary>
internal sealed class RealAlertmanager : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private RealAlertmanager(Process process, string dir, Uri baseAddress)
    {
        _process = process;
        _dir = dir;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The same as <see cref="BaseAddress"/>, under the name the side-by-side tests use.</summary>
    public Uri Url => BaseAddress;

    public string HostPort => $"{BaseAddress.Host}:{BaseAddress.Port}";

    private const string Blackhole = "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n";

    /// <summary>Starts it with <paramref name="configYaml"/> (default: one receiver that sends nothing) and waits until ready.</summary>
    public static async Task<RealAlertmanager> StartAsync(string configYaml = Blackhole, params string[] extraArgs)
    {
        // A parallel test can take the free port between the check and Alertmanager's bind; Alertmanager then exits.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(configYaml, extraArgs);
            }
            catch (PortLostException) when (attempt < 3)
            {
            }
        }
    }

    private sealed class PortLostException() : Exception("prometheus-alertmanager exited before it was ready");

    private static async Task<RealAlertmanager> StartOnFreePortAsync(string configYaml, string[] extraArgs)
    {
        string dir = Directory.CreateTempSubdirectory("am-").FullName;
        string config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, configYaml);
        int port = FreePort();
        var info = new ProcessStartInfo(Promtool.RequireBinary("prometheus-alertmanager"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in (string[])[ "--config.file", config, "--storage.path", Path.Combine(dir, "data"),
                     "--web.listen-address", $"127.0.0.1:{port}", "--cluster.listen-address=", .. extraArgs])
            info.ArgumentList.Add(a);
        Process p = Process.Start(info)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var am = new RealAlertmanager(p, dir, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using HttpResponseMessage r = await http.GetAsync(new Uri(am.BaseAddress, "/-/ready"));
                // Only Alertmanager's own answer counts: another test's server may hold the port if it lost it.
                if (r.IsSuccessStatusCode && await r.Content.ReadAsStringAsync() == "OK" && !p.HasExited) return am;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (p.HasExited)
            {
                await am.DisposeAsync();
                throw new PortLostException();
            }
            if (DateTime.UtcNow > deadline)
            {
                await am.DisposeAsync();
                throw new TimeoutException("prometheus-alertmanager did not become ready within 30 s");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>GET /api/v2/alerts: the alerts Alertmanager holds as active.</summary>
    public async Task<JsonElement> AlertsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string body = await http.GetStringAsync(new Uri(BaseAddress, "/api/v2/alerts"));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="done"/> holds for the alert list, or fails after the deadline.</summary>
    public async Task<JsonElement> WaitForAlertsAsync(Func<JsonElement, bool> done, TimeSpan within)
    {
        DateTime deadline = DateTime.UtcNow + within;
        JsonElement alerts = await AlertsAsync();
        while (!done(alerts))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Alertmanager's alerts never matched; last: " + alerts);
            await Task.Delay(100);
            alerts = await AlertsAsync();
        }
        return alerts;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
