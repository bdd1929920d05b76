using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Metrics.Store.Tests.Http;

/// <summary>A real Prometheus on 127.0.0.1 with a temporary data directory, killed (not stopped) on dispose.</summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _client;

    private PrometheusProcess(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
        _client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What Prometheus logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configYaml"/> and waits (bounded) until it reports ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(string configYaml, TimeSpan readyTimeout)
    {
        string dir = Path.Combine(Path.GetTempPath(), "rw-prom-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        int port = FreePort();
        var psi = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--config.file=" + config);
        psi.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(dir, "data"));
        psi.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add("--log.level=info");
        var process = new Process { StartInfo = psi };
        var prom = new PrometheusProcess(process, dir, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => prom.Append(e.Data);
        process.ErrorDataReceived += (_, e) => prom.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await prom.WaitReadyAsync(readyTimeout);
        }
        catch
        {
            await prom.DisposeAsync();
            throw;
        }
        return prom;
    }

    /// <summary>Runs an instant query and returns the <c>data</c> element of the answer.</summary>
    public async Task<JsonElement> QueryAsync(string query, long timeMs)
    {
        string time = (timeMs / 1000).ToString(CultureInfo.InvariantCulture) + "." + (timeMs % 1000).ToString("D3", CultureInfo.InvariantCulture);
        string url = "api/v1/query?query=" + Uri.EscapeDataString(query) + "&time=" + time;
        using HttpResponseMessage r = await _client.GetAsync(new Uri(url, UriKind.Relative));
        string json = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"query {query} failed: {(int)r.StatusCode} {json}");
        using JsonDocument doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        try
        {
            // SIGKILL: a Prometheus whose remote-write receiver is gone spends about a minute
            // retrying on a graceful shutdown.
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (OperationCanceledException)
        {
            // Killed but not reaped in time; nothing more to do from a test.
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException("prometheus exited early:\n" + Log);
            try
            {
                using HttpResponseMessage r = await _client.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"prometheus not ready after {timeout}:\n" + Log);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
