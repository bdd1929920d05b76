using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Metrics.EndToEnd.Tests;

/// <summary>A real <c>metrics</c> process on 127.0.0.1 with its own data folder, killed when disposed.</summary>
public sealed class MetricsProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly bool _ownsDataDir;

    private MetricsProcess(Process process, int port, string dataDir, bool ownsDataDir = true)
    {
        _process = process;
        _ownsDataDir = ownsDataDir;
        Port = port;
        DataDir = dataDir;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }
    public string DataDir { get; }

    /// <summary>The process id, for sending it signals (SIGHUP reloads the configuration).</summary>
    public int ProcessId => _process.Id;
    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The built <c>metrics.dll</c>, copied next to the tests by the project reference.</summary>
    public static string BinaryPath => Path.Combine(AppContext.BaseDirectory, "metrics.dll");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>metrics all</c> on a new port and data folder and waits until /-/ready answers 200.</summary>
    public static Task<MetricsProcess> StartAllAsync(params string[] extraArgs)
        => StartAllAsync(FreePort(), Directory.CreateTempSubdirectory("metrics-e2e-").FullName, extraArgs);

    /// <summary>Starts <c>metrics all</c> on a given port and data folder (a restart) and waits until ready.</summary>
    public static async Task<MetricsProcess> StartAllAsync(int port, string dataDir, params string[] extraArgs)
    {
        string[] args = ["all", "--web.listen-address", $"127.0.0.1:{port}", "--storage.tsdb.path", dataDir, .. extraArgs];
        return await StartAsync(args, port, dataDir);
    }

    /// <summary>
    /// Starts <c>metrics ARGS</c> (any role listening on 127.0.0.1:<paramref name="port"/>) and waits until ready.
    /// The caller owns <paramref name="dataDir"/>: disposing leaves it, so a restart can reuse it.
    /// </summary>
    public static async Task<MetricsProcess> StartAsync(string[] args, int port, string dataDir)
    {
        var started = new MetricsProcess(Start(args), port, dataDir, ownsDataDir: false);
        await started.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return started;
    }

    /// <summary><c>metrics collector</c> with its remote-write buffer in <paramref name="bufferDir"/> (kept on dispose).</summary>
    public static Task<MetricsProcess> StartCollectorAsync(string configFile, string bufferDir)
    {
        int port = FreePort();
        return StartAsync(["collector", "--config.file", configFile, "--web.listen-address", $"127.0.0.1:{port}",
            "--storage.remote-write.path", bufferDir], port, bufferDir);
    }

    /// <summary><c>metrics alertmanager run</c> with silences and the notification log in <paramref name="storagePath"/> (kept on dispose).</summary>
    public static Task<MetricsProcess> StartAlertmanagerAsync(string configFile, string storagePath, int port) =>
        StartAsync(["alertmanager", "run", "--config.file", configFile, "--storage.path", storagePath,
            "--web.listen-address", $"127.0.0.1:{port}"], port, storagePath);

    /// <summary>Runs <c>metrics ARGS</c> to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using Process p = Start(args);
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"metrics {string.Join(' ', args)} did not exit within {timeout}");
        }
        return (p.ExitCode, await stdout, await stderr);
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(BinaryPath);
        foreach (string a in args) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet");
        return process;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"metrics exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using HttpResponseMessage r = await http.GetAsync(new Uri(BaseAddress, "/-/ready"));
                // Only our own answer counts: a parallel test's server may hold the port if this process lost it.
                if (r.StatusCode == HttpStatusCode.OK && (await r.Content.ReadAsStringAsync()).StartsWith("Metrics", StringComparison.Ordinal)) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a loaded machine; try again.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"metrics was not ready within {timeout}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    /// <summary>SIGKILL and wait until the process is gone.</summary>
    public async Task KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
    }

    public ValueTask DisposeAsync() => DisposeAsync(keepData: false);

    public async ValueTask DisposeAsync(bool keepData)
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (keepData || !_ownsDataDir) return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
