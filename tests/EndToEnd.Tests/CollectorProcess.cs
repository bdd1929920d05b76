using System.Diagnostics;
using System.Net;
using System.Text;

namespace Metrics.EndToEnd.Tests;

/// <summary>A real <c>metrics collector</c> process on 127.0.0.1 with its own buffer folder, killed when disposed.</summary>
internal sealed class CollectorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CollectorProcess(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>metrics collector</c> and waits until /-/ready answers 200.</summary>
    public static async Task<CollectorProcess> StartAsync(string configFile, string bufferDir)
    {
        int port = MetricsProcess.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[MetricsProcess.BinaryPath, "collector", "--config.file", configFile,
            "--web.listen-address", $"127.0.0.1:{port}", "--storage.remote-write.path", bufferDir])
            info.ArgumentList.Add(a);
        var collector = new CollectorProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet"), port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(async () =>
        {
            if (collector._process.HasExited) throw new InvalidOperationException($"collector exited with {collector._process.ExitCode}:\n{collector.Output}");
            try
            {
                return (await http.GetAsync(new Uri(collector.BaseAddress, "/-/ready"))).StatusCode == HttpStatusCode.OK ? "ready" : null;
            }
            catch (TaskCanceledException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(60), "collector ready");
        return collector;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
