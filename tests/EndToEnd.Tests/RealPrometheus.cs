using System.Diagnostics;

namespace Metrics.EndToEnd.Tests;

/// <summary>A real Prometheus (Debian's) on a free 127.0.0.1 port, killed when disposed.</summary>
internal sealed class RealPrometheus : IAsyncDisposable
{
    private readonly Process _process;

    private RealPrometheus(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    /// <summary>Starts it on <paramref name="dataDir"/> with <paramref name="config"/>; with <paramref name="waitReady"/> returns once /-/ready answers.</summary>
    public static async Task<RealPrometheus> StartAsync(string config, string dataDir, bool waitReady = true, params string[] extraArgs)
    {
        // A parallel test can take the free port between the check and Prometheus's bind: Prometheus then exits,
        // and that test's server answers on the port instead (seen once in CI). Try again on another port.
        for (int attempt = 1; ; attempt++)
        {
            RealPrometheus prometheus = await StartAsync(MetricsProcess.FreePort(), config, dataDir, waitReady, extraArgs);
            if (!waitReady || !prometheus._process.HasExited || attempt == 3) return prometheus;
            await prometheus.DisposeAsync();
        }
    }

    /// <summary>As above on a given port, for configs that must name it (Prometheus scraping itself).</summary>
    public static async Task<RealPrometheus> StartAsync(int port, string config, string dataDir, bool waitReady = true, params string[] extraArgs)
    {
        string[] args = [$"--config.file={config}", $"--storage.tsdb.path={dataDir}", $"--web.listen-address=127.0.0.1:{port}", .. extraArgs];
        var prometheus = new RealPrometheus(ExternalTool.Start("prometheus", args), port);
        if (waitReady)
        {
            await Poll.UntilAsync(async () =>
            {
                if (prometheus._process.HasExited) return "exited";
                using HttpResponseMessage r = await prometheus.Http.GetAsync("/-/ready");
                // Only Prometheus's own answer counts: another server may hold the port if Prometheus lost it.
                return r.IsSuccessStatusCode && (await r.Content.ReadAsStringAsync()).StartsWith("Prometheus", StringComparison.Ordinal) ? "ready" : null;
            }, TimeSpan.FromSeconds(60), "Prometheus ready");
        }
        return prometheus;
    }

    /// <summary>SIGKILL: a Prometheus whose remote-write receiver is gone may retry for a minute on a clean shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
