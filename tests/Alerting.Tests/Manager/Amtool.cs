using System.Diagnostics;

namespace Metrics.Alerting.Tests.Manager;

/// <summary>Runs the real amtool (installed by scripts/test.sh from Debian's prometheus-alertmanager).</summary>
internal static class Amtool
{
    public const string Path = "/usr/bin/amtool";

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        if (!File.Exists(Path)) throw new InvalidOperationException("amtool is not installed: run scripts/test.sh, which installs prometheus-alertmanager");
        var info = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("amtool did not finish within 30 s: " + string.Join(' ', args));
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
