using System.CommandLine;
using Metrics.Host.Configuration;
using Metrics.Store.Configuration;

namespace Metrics.Host.Roles;

/// <summary><c>metrics check config FILE</c>: validates files the way the server would load them.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var check = new Command("check", "Check configuration files for errors.");
        var file = new Argument<string[]>("FILE") { Description = "Configuration files to check.", Arity = ArgumentArity.OneOrMore };
        var config = new Command("config", "Check that configuration files are valid.") { file };
        config.SetAction(result => CheckConfigs(result.GetValue(file)!, Console.Out, Console.Error));
        check.Subcommands.Add(config);
        return check;
    }

    public static int CheckConfigs(IEnumerable<string> files, TextWriter stdout, TextWriter stderr)
    {
        int status = 0;
        foreach (string path in files)
        {
            try
            {
                MetricsConfig config = MetricsConfig.Load(path);
                stdout.WriteLine($"{path}: SUCCESS: valid configuration ({config.ScrapeConfigs.Count} scrape configs)");
            }
            catch (ConfigException e)
            {
                stderr.WriteLine($"FAILED: {e.Message}");
                status = 1;
            }
        }
        return status;
    }
}
