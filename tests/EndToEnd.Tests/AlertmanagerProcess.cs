using System.Diagnostics;
using System.Net;
using System.Text;

namespace Metrics.EndToEnd.Tests;

/// <summary>A real <c>metrics alertmanager run</c> process on 127.0.0.1, killed (SIGKILL) when disposed.</summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AlertmanagerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<AlertmanagerProcess> StartAsync(string configFile, string storagePath, int port)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { MetricsProcess.BinaryPath, "alertmanager", "run", "--config.file", configFile, "--storage.path", storagePath,
                     "--web.listen-address", $"127.0.0.1:{port}" })
            info.ArgumentList.Add(a);
        var self = new AlertmanagerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
        self._process.OutputDataReceived += (_, e) => { lock (self._output) self._output.AppendLine(e.Data); };
        self._process.ErrorDataReceived += (_, e) => { lock (self._output) self._output.AppendLine(e.Data); };
        self._process.BeginOutputReadLine();
        self._process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (self._process.HasExited) throw new InvalidOperationException($"metrics alertmanager exited with {self._process.ExitCode}:\n{self.Output}");
            try
            {
                using var r = await http.GetAsync(new Uri(self.Url, "-/ready"));
                if (r.StatusCode == HttpStatusCode.OK) return self;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await self.DisposeAsync();
        throw new TimeoutException("metrics alertmanager was not ready within 60 s:\n" + self.Output);
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
