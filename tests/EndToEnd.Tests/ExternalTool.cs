using System.Diagnostics;

namespace Metrics.EndToEnd.Tests;

/// <summary>Runs the real Prometheus tools that the test script installs from Debian.</summary>
internal static class ExternalTool
{
    public static string Require(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"{name} is not installed: run the README's test command (scripts/test.sh), which installs it");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string name, string stdin, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(Require(name))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    public static Process Start(string name, params string[] args)
    {
        var info = new ProcessStartInfo(Require(name)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        Process p = Process.Start(info)!;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }
}
