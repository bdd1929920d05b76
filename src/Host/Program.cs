using System.CommandLine;
using Metrics.Host.Roles;

namespace Metrics.Host;

/// <summary>The <c>metrics</c> command: one subcommand per role plus utility verbs.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => BuildCommand().Parse(args).InvokeAsync();

    public static RootCommand BuildCommand()
    {
        var root = new RootCommand("A Prometheus-compatible metrics, alerting and autoscaling stack in one binary.");
        root.Subcommands.Add(AllCommand.Create());
        root.Subcommands.Add(CollectorCommand.Create());
        root.Subcommands.Add(AlertingCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(TsdbCommand.Create());
        root.Subcommands.Add(AlertmanagerCommand.Create());
        return root;
    }
}
