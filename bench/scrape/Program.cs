using BenchmarkDotNet.Running;

namespace Metrics.ScrapeBench;

internal static class Program
{
    /// <summary>`throughput [CAPTURE] [SECONDS] [MIN_BYTES]`, `load ...`, or BenchmarkDotNet's switcher for anything else.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "throughput") return ThroughputRun.Run(args[1..]);
        if (args.Length > 0 && args[0] == "load") return await LoadRun.RunAsync(args[1..]).ConfigureAwait(false);
        if (args.Length > 0 && args[0] == "serve") return await LoadRun.ServeAsync(args[1..]).ConfigureAwait(false);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
