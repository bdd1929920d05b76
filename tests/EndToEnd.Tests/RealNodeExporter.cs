using System.Diagnostics;

namespace Metrics.EndToEnd.Tests;

/// <summary>A real prometheus-node-exporter (Debian's) on a free 127.0.0.1 port, killed when disposed.</summary>
internal sealed class RealNodeExporter : IAsyncDisposable
{
    private readonly Process _process;

    private RealNodeExporter(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts it with the collectors whose series come and go between scrapes turned off; returns once /metrics answers.</summary>
    public static async Task<RealNodeExporter> StartAsync()
    {
        int port = MetricsProcess.FreePort();
        var exporter = new RealNodeExporter(ExternalTool.Start("prometheus-node-exporter",
            $"--web.listen-address=127.0.0.1:{port}",
            // Per-interrupt and per-process-state counts may appear or vanish from one scrape to the next.
            "--no-collector.interrupts", "--no-collector.processes", "--no-collector.systemd",
            "--no-collector.textfile"), port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Poll.UntilAsync(async () => (await http.GetAsync(new Uri($"http://{exporter.Address}/metrics"))).IsSuccessStatusCode ? "ok" : null,
            TimeSpan.FromSeconds(30), "node-exporter /metrics");
        return exporter;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
