using BenchmarkDotNet.Running;

namespace Metrics.Benchmarks;

internal static class Program
{
    /// <summary>`sizes FILE...` prints the chunk size table; anything else goes to BenchmarkDotNet's switcher.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "sizes")
        {
            if (args.Length < 2)
            {
                Console.Error.WriteLine("usage: sizes DATASET.om [MORE.om...]");
                return 2;
            }
            return SizeReport.Run(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
