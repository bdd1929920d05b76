using System.CommandLine;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Host.Roles;

/// <summary><c>metrics alertmanager ...</c>: amtool's offline verbs over an alertmanager.yml (check-config, routes test).</summary>
public static class AlertmanagerCommand
{
    public static Command Create()
    {
        var root = new Command("alertmanager", "Alert manager utilities (as amtool).");

        var files = new Argument<string[]>("FILE") { Description = "alertmanager.yml files to check.", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check-config", "Validate alertmanager config files (as amtool check-config).") { files };
        check.SetAction(result => CheckConfigs(result.GetValue(files)!, Console.Out, Console.Error));
        root.Subcommands.Add(check);

        var configFile = new Option<string>("--config.file") { Description = "Config file to be tested.", Required = true };
        var verify = new Option<string?>("--verify.receivers") { Description = "Fail unless the labels route to exactly these receivers (comma separated)." };
        var labels = new Argument<string[]>("labels") { Description = "Labels as name=value.", Arity = ArgumentArity.ZeroOrMore };
        var test = new Command("test", "Print the receivers a label set routes to (as amtool config routes test).") { configFile, verify, labels };
        test.SetAction(result => TestRoutes(result.GetValue(configFile)!, result.GetValue(labels) ?? [], result.GetValue(verify), Console.Out, Console.Error));
        var routes = new Command("routes", "Routing tree utilities.") { test };
        root.Subcommands.Add(routes);
        return root;
    }

    public static int CheckConfigs(IEnumerable<string> paths, TextWriter stdout, TextWriter stderr)
    {
        int status = 0;
        foreach (string path in paths)
        {
            try
            {
                AlertmanagerConfig config = AlertmanagerConfig.Load(path);
                stdout.WriteLine($"Checking '{path}'  SUCCESS: {config.Receivers.Count} receivers, {config.InhibitRules.Count} inhibit rules, {config.Templates.Count} templates");
            }
            catch (ConfigException e)
            {
                stderr.WriteLine($"Checking '{path}'  FAILED: {e.Message}");
                status = 1;
            }
        }
        return status;
    }

    public static int TestRoutes(string path, IEnumerable<string> arguments, string? verify, TextWriter stdout, TextWriter stderr)
    {
        AlertmanagerConfig config;
        LabelSet labelSet;
        try
        {
            config = AlertmanagerConfig.Load(path);
            labelSet = RouteTester.ParseLabels(arguments);
        }
        catch (ConfigException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (FormatException e)
        {
            stderr.WriteLine("error: Failed to parse labels: " + e.Message);
            return 1;
        }
        string receivers = RouteTester.Receivers(config, labelSet);
        stdout.WriteLine(receivers);
        if (verify is not null && verify != receivers)
        {
            stderr.WriteLine("WARNING: Expected receivers did not match resolved receivers.");
            return 1;
        }
        return 0;
    }
}
