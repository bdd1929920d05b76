using System.Diagnostics;
using System.Globalization;
using Metrics.Collector.Config;
using Metrics.Collector.RemoteWrite;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.RemoteWriteBench;

/// <summary>
/// Appends <c>--scrapes</c> scrapes of <c>--series</c> series into a remote-write queue (phase 1:
/// encode + durable buffer), then ships the backlog to a receiver (phase 2) and reports samples/s
/// and CPU seconds per million samples for each phase.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        int series = IntArg(args, "--series", 10_000);
        int scrapes = IntArg(args, "--scrapes", 100);
        int perSend = IntArg(args, "--max-samples-per-send", 2_000);
        int maxShards = IntArg(args, "--max-shards", 8);
        string? url = StringArg(args, "--url");
        bool fsync = args.Contains("--fsync");
        LabelSet external = args.Contains("--external-labels") ? LabelSet.FromPairs("cluster", "eu-west-1", "replica", "a") : LabelSet.Empty;

        await using WebApplication? receiver = url is null ? await StartNullReceiverAsync() : null;
        var target = new Uri(url ?? receiver!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/api/v1/write");
        string dir = Directory.CreateTempSubdirectory("rw-bench-").FullName;
        try
        {
            var config = new RemoteWriteConfig
            {
                Url = target,
                Name = "bench",
                BufferMaxBytes = 16L << 30,
                BufferFsync = fsync,
                Queue = new RemoteWriteQueueConfig { MaxSamplesPerSend = perSend, Capacity = perSend * 5, MaxShards = maxShards, BatchSendDeadline = TimeSpan.FromMilliseconds(100) },
            };
            using var metrics = new RemoteWriteMetrics();
            using var queue = new RemoteWriteQueue(config, external, dir, metrics, TimeProvider.System, NullLogger.Instance);
            LabelSet[] labels = BuildSeries(series);
            long total = (long)series * scrapes;
            long start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - scrapes * 15_000L;

            var (appendWall, appendCpu, appendBytes) = await MeasureAsync(() =>
            {
                for (int s = 0; s < scrapes; s++)
                {
                    IAppender appender = queue.CreateAppender();
                    for (int i = 0; i < labels.Length; i++) appender.Append(labels[i], start + s * 15_000L, i * 0.5 + s);
                    appender.Commit();
                }
                return Task.CompletedTask;
            });
            long bufferBytes = queue.Buffer.Bytes;

            using var stop = new CancellationTokenSource();
            Task running = Task.CompletedTask;
            var (shipWall, shipCpu, shipBytes) = await MeasureAsync(async () =>
            {
                running = queue.RunAsync(stop.Token);
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
                while (queue.Buffer.PendingSamples > 0 && DateTime.UtcNow < deadline) await Task.Delay(5);
            });
            await stop.CancelAsync();
            await running;
            if (queue.Buffer.PendingSamples > 0) throw new TimeoutException("the backlog was not shipped within 10 minutes");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"""
                samples: {total:N0} ({series:N0} series x {scrapes} scrapes), max_samples_per_send {perSend}, max_shards {maxShards}, fsync {fsync}, external labels {external.Count}, receiver {(url is null ? "in-process (reads the body, answers 204)" : url)}
                buffer: {bufferBytes / (double)total:F1} bytes/sample on disk
                | phase | wall s | samples/s | CPU s per 1M samples | allocated bytes/sample |
                | --- | --- | --- | --- | --- |
                | append (encode + buffer write) | {appendWall:F2} | {total / appendWall:N0} | {appendCpu / total * 1e6:F3} | {appendBytes / (double)total:F1} |
                | ship (read + batch + snappy + HTTP) | {shipWall:F2} | {total / shipWall:N0} | {shipCpu / total * 1e6:F3} | {shipBytes / (double)total:F1} |
                """));
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Series shaped like a Kubernetes pod's: six labels, values of realistic length.</summary>
    private static LabelSet[] BuildSeries(int count)
    {
        var result = new LabelSet[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = LabelSet.FromPairs(
                "__name__", "http_requests_total_" + (i % 50).ToString(CultureInfo.InvariantCulture),
                "instance", $"10.0.{i / 250 % 256}.{i % 250}:8080",
                "job", "kubernetes-pods",
                "namespace", "team-" + (i % 20).ToString(CultureInfo.InvariantCulture),
                "pod", $"api-7d9f8c6b5-{i / 50:x5}",
                "code", (i % 5 == 0 ? "500" : "200"));
        }
        return result;
    }

    private static async Task<(double Wall, double Cpu, long Allocated)> MeasureAsync(Func<Task> phase)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan cpu0 = process.TotalProcessorTime;
        long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        long t0 = Stopwatch.GetTimestamp();
        await phase();
        double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalSeconds, allocated);
    }

    private static async Task<WebApplication> StartNullReceiverAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.MapPost("/api/v1/write", async (HttpContext ctx) =>
        {
            var buffer = new byte[1 << 16];
            while (await ctx.Request.Body.ReadAsync(buffer) > 0) { }
            return Results.NoContent();
        });
        await app.StartAsync();
        return app;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
