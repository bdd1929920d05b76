using System.Diagnostics;

namespace Metrics.Alerting.Tests.Peers;

/// <summary>Runs the real promtool (Debian's prometheus package, installed by scripts/test.sh) with a bounded wait.</summary>
internal static class Promtool
{
    public static string RequireBinary(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"{name} is not installed: run scripts/test.sh, which installs it");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(RequireBinary("promtool"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("promtool " + string.Join(' ', args) + " did not finish within 60 s");
        }
        return (p.ExitCode, await stdout + await stderr);
    }
}
