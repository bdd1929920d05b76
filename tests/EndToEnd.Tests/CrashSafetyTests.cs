using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// Acknowledged means durable: remote-write into a real process, SIGKILL it at random moments,
/// restart on the same data folder, and every sample that got a 204 must be queryable.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int Series = 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_acknowledged_sample_survives_repeated_kill_9()
    {
        string config = Path.Combine(_dir, "metrics.yml");
        await File.WriteAllTextAsync(config, "scrape_configs: []\n");
        string data = Path.Combine(_dir, "data");
        int port = MetricsProcess.FreePort();
        var acknowledged = new List<(int Series, long T, double V)>();
        var random = new Random(20261122);
        long t = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 600_000;
        int cycles = 6;

        for (int cycle = 0; cycle < cycles; cycle++)
        {
            MetricsProcess process = await MetricsProcess.StartAllAsync(port, data, "--config.file", config);
            using var http = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var killAt = DateTime.UtcNow + TimeSpan.FromMilliseconds(random.Next(300, 2000));
            using var cts = new CancellationTokenSource();
            Task killer = Task.Run(async () =>
            {
                await Task.Delay(killAt - DateTime.UtcNow);
                process.Kill();   // SIGKILL, possibly in the middle of a request
                cts.Cancel();
            });
            int sent = 0;
            while (!cts.IsCancellationRequested && sent < 5000)
            {
                t += 1000;
                long at = t;
                var batch = Enumerable.Range(0, Series).Select(s => (s, at, (double)(at / 1000 % 100_000) + s * 0.5)).ToList();
                var request = RemoteWriteClient.Request(batch.Select(b =>
                    ("crash_test_value", (IReadOnlyList<(string, string)>)[("s", b.s.ToString(CultureInfo.InvariantCulture))], b.at, b.Item3)));
                try
                {
                    HttpStatusCode status = await RemoteWriteClient.SendAsync(http, request, cts.Token);
                    Assert.Equal(HttpStatusCode.NoContent, status);
                    acknowledged.AddRange(batch);   // only now is the batch acknowledged
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // Killed mid-request: not acknowledged, so nothing is promised about it.
                }
                sent++;
            }
            await killer;
            await process.DisposeAsync(keepData: true);
        }

        Assert.True(acknowledged.Count > Series * 10, $"only {acknowledged.Count} samples were acknowledged");
        // On top of the kills, a torn write at the end of the newest WAL segment: it is cut off at startup.
        string newest = Directory.GetFiles(Path.Combine(data, "wal")).Where(f => new FileInfo(f).Length > 0).Order(StringComparer.Ordinal).Last();
        await File.AppendAllTextAsync(newest, "\u0002\u0010\u0000garbage");
        MetricsProcess final = await MetricsProcess.StartAllAsync(port, data, "--config.file", config);
        await using (final)
        {
            using var http = new HttpClient { BaseAddress = final.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            for (int s = 0; s < Series; s++)
            {
                string query = Uri.EscapeDataString($"crash_test_value{{s=\"{s}\"}}[1d]");
                // One second per batch runs ahead of the clock; ask at the newest timestamp sent.
                string body = await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/query?query={query}&time={(t + 1000) / 1000.0:F3}"));
                using JsonDocument doc = JsonDocument.Parse(body);
                var stored = new Dictionary<long, string>();
                foreach (JsonElement series in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
                    foreach (JsonElement point in series.GetProperty("values").EnumerateArray())
                        stored[(long)Math.Round(point[0].GetDouble() * 1000)] = point[1].GetString()!;
                var mine = acknowledged.Where(a => a.Series == s).ToList();
                var missing = mine.Where(a => !stored.ContainsKey(a.T)).ToList();
                Assert.True(missing.Count == 0,
                    $"{missing.Count} of {mine.Count} acknowledged samples of s={s} are missing after {cycles} kills, first t={missing.FirstOrDefault().T}; " +
                    $"stored {stored.Count} from {stored.Keys.DefaultIfEmpty().Min()} to {stored.Keys.DefaultIfEmpty().Max()}; acknowledged from {mine[0].T} to {mine[^1].T}\n{final.Output}");
                foreach (var (_, at, v) in mine)
                {
                    Assert.True(stored.TryGetValue(at, out string? value), $"acknowledged sample s={s} t={at} is missing after {cycles} kills");
                    Assert.Equal(v.ToString(CultureInfo.InvariantCulture), value);
                }
            }
        }
    }
}
