using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Metrics.Alerting.Tests.Manager;

/// <summary>The real Alertmanager 0.25 (Debian's prometheus-alertmanager) on a free 127.0.0.1 port, killed on dispose.</summary>
internal sealed class RealAlertmanager : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private readonly Process _process;
    private readonly string _dir;

    private RealAlertmanager(Process process, string dir, Uri url)
    {
        _process = process;
        _dir = dir;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<RealAlertmanager> StartAsync(string configYaml, params string[] extraArgs)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException("prometheus-alertmanager is not installed: run scripts/test.sh");
        string dir = Directory.CreateTempSubdirectory("real-am-").FullName;
        File.WriteAllText(Path.Combine(dir, "alertmanager.yml"), configYaml);
        int port = FreePort();
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["--config.file=" + Path.Combine(dir, "alertmanager.yml"), "--storage.path=" + Path.Combine(dir, "data"),
                     $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", .. extraArgs])
            info.ArgumentList.Add(a);
        Process p = Process.Start(info)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var self = new RealAlertmanager(p, dir, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync(new Uri(self.Url, "-/ready"))).IsSuccessStatusCode) return self;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (p.HasExited) break;
            await Task.Delay(100);
        }
        await self.DisposeAsync();
        throw new InvalidOperationException("prometheus-alertmanager did not become ready within 30 s");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
