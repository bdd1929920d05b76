using System.Diagnostics;
using System.Globalization;
using System.Text;
using Metrics.Collector;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Collector.Scrape;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.ScrapeBench;

/// <summary>
/// `load [TARGETS] [SERIES] [INTERVAL_S] [MEASURE_S]`: one child process serves TARGETS distinct /metrics bodies of
/// SERIES series on 127.0.0.1; this process scrapes them all with the real scrape manager and reports its own
/// CPU%, RSS and the scrape-to-append delay (scrape start to storage commit).
/// `serve PORT TARGETS SERIES` is the child's mode.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        int targets = Arg(args, 0, 1000), series = Arg(args, 1, 500), intervalS = Arg(args, 2, 15), measureS = Arg(args, 3, 60);
        int port = FreePort();
        using Process server = StartServer(port, targets, series);
        using var http = new HttpClient();
        for (int i = 0; i < 100 && !await ReadyAsync(http, port).ConfigureAwait(false); i++) await Task.Delay(100).ConfigureAwait(false);

        var storage = new DelayRecordingStorage();
        using var metrics = new CollectorMetrics();
        using var loggers = LoggerFactory.Create(_ => { });
        using var manager = new ScrapeManager(storage, TimeProvider.System, metrics, loggers);
        var list = new List<ScrapeTarget>(targets);
        for (int i = 0; i < targets; i++)
        {
            list.Add(new ScrapeTarget("load", new Uri($"http://127.0.0.1:{port}/metrics?t={i}"),
                LabelSet.FromPairs("job", "load", "instance", $"t{i}"), TimeSpan.FromSeconds(intervalS), TimeSpan.FromSeconds(10), false, true));
        }
        using var stop = new CancellationTokenSource();
        await manager.StartAsync(stop.Token).ConfigureAwait(false);
        manager.ApplyTargets(list);

        // One full interval to fill caches and connection pools, then the measured window.
        await Task.Delay(TimeSpan.FromSeconds(intervalS + 2)).ConfigureAwait(false);
        storage.Reset();
        Process self = Process.GetCurrentProcess();
        TimeSpan cpu0 = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(measureS)).ConfigureAwait(false);
        self.Refresh();
        double cpuPercent = (self.TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        long rss = self.WorkingSet64;
        long[] delays = storage.Delays();
        int failed = manager.Loops.Count(l => l.LastReport?.Error is not null);
        string? firstError = manager.Loops.Select(l => l.LastReport?.Error).FirstOrDefault(e => e is not null);
        int running = manager.Loops.Count;
        await manager.StopAsync(CancellationToken.None).ConfigureAwait(false);
        server.Kill(entireProcessTree: true);

        Array.Sort(delays);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{targets} targets x {series} series every {intervalS}s, measured {measureS}s: loops {running}, scrapes {delays.Length}, failed targets {failed} {firstError}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scraper CPU {cpuPercent:F1}% of one core, RSS {rss / (1 << 20)} MiB, samples appended {storage.Samples:N0}"));
        if (delays.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scrape-to-append delay ms: p50 {delays[delays.Length / 2]}, p99 {delays[(int)(delays.Length * 0.99)]}, max {delays[^1]}"));
        }
        return 0;
    }

    /// <summary>The child process: serves every target's body from memory.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        int port = Arg(args, 0, 0), targets = Arg(args, 1, 1000), series = Arg(args, 2, 500);
        var bodies = new byte[targets][];
        for (int t = 0; t < targets; t++) bodies[t] = Body(t, series);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        WebApplication app = builder.Build();
        app.MapGet("/metrics", async (HttpContext ctx) =>
        {
            int t = int.Parse(ctx.Request.Query["t"].ToString(), CultureInfo.InvariantCulture);
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await ctx.Response.Body.WriteAsync(bodies[t]).ConfigureAwait(false);
        });
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    // A node-exporter-like mix: a few families, labels of realistic length.
    private static byte[] Body(int target, int series)
    {
        var sb = new StringBuilder();
        sb.Append("# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds_total counter\n");
        for (int i = 0; i < series; i++)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"node_cpu_seconds_total{{cpu=\"{i / 8}\",mode=\"mode{i % 8}\",device=\"dev{target}\"}} {1000.5 + i * 3.25}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static Process StartServer(int port, int targets, int series)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        string? dll = Environment.GetCommandLineArgs()[0];
        if (dll.EndsWith(".dll", StringComparison.Ordinal)) info.ArgumentList.Add(dll);
        foreach (string a in new[] { "serve", port.ToString(CultureInfo.InvariantCulture), targets.ToString(CultureInfo.InvariantCulture), series.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task<bool> ReadyAsync(HttpClient http, int port)
    {
        try
        {
            using HttpResponseMessage r = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics?t=0")).ConfigureAwait(false);
            return r.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private static int Arg(string[] args, int i, int fallback) =>
        args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;

    /// <summary>Forgets samples but records, per commit, how long after the scrape's timestamp it happened.</summary>
    private sealed class DelayRecordingStorage : IAppendable
    {
        private readonly Lock _gate = new();
        private List<long> _delays = [];
        private long _samples;

        public long Samples => Interlocked.Read(ref _samples);

        public IAppender CreateAppender() => new Appender(this);

        public void Reset()
        {
            lock (_gate) _delays = [];
            Interlocked.Exchange(ref _samples, 0);
        }

        public long[] Delays()
        {
            lock (_gate) return [.. _delays];
        }

        private sealed class Appender(DelayRecordingStorage owner) : IAppender
        {
            private long _scrapeTime = long.MaxValue;
            private int _count;

            public void Append(LabelSet labels, long timestampMs, double value)
            {
                _scrapeTime = Math.Min(_scrapeTime, timestampMs);
                _count++;
            }

            public AppendResult Commit()
            {
                long delay = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - _scrapeTime;
                lock (owner._gate) owner._delays.Add(delay);
                Interlocked.Add(ref owner._samples, _count);
                return new AppendResult(_count, 0, 0);
            }

            public void Rollback() => _count = 0;
        }
    }
}
