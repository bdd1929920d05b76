using System.CommandLine;
using Metrics.Alerting.Rules;
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
        var ruleFiles = new Argument<string[]>("FILE") { Description = "Rule files to check.", Arity = ArgumentArity.OneOrMore };
        var rules = new Command("rules", "Check that rule files are valid (as promtool check rules).") { ruleFiles };
        rules.SetAction(result => CheckRules(result.GetValue(ruleFiles)!, Console.Out, Console.Error));
        check.Subcommands.Add(rules);
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
                // As promtool check config: the rule files the config names are checked too.
                IReadOnlyList<string> ruleFiles = RuleFileGlob.Expand(config.RuleFiles, Path.GetDirectoryName(Path.GetFullPath(path))!);
                if (ruleFiles.Count > 0 && CheckRules(ruleFiles, stdout, stderr) != 0) status = 1;
            }
            catch (ConfigException e)
            {
                stderr.WriteLine($"FAILED: {e.Message}");
                status = 1;
            }
        }
        return status;
    }

    /// <summary>Prints like <c>promtool check rules</c>: "Checking F", then "SUCCESS: N rules found" or "FAILED:" and every error.</summary>
    public static int CheckRules(IEnumerable<string> files, TextWriter stdout, TextWriter stderr)
    {
        int status = 0;
        foreach (string path in files)
        {
            stdout.WriteLine($"Checking {path}");
            RuleFile file = RuleFileParser.Load(path);
            if (file.IsValid)
                stdout.WriteLine($"  SUCCESS: {file.RuleCount} rules found");
            else
            {
                stderr.WriteLine("  FAILED:");
                foreach (ConfigException e in file.Errors) stderr.WriteLine(e.Message);
                status = 1;
            }
            stdout.WriteLine();
        }
        return status;
    }
}
