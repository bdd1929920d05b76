using Metrics.Alerting.Rules;
using Metrics.Alerting.Tests.Peers;

namespace Metrics.Alerting.Tests.Rules;

/// <summary>Our acceptance of rule files equals the real <c>promtool check rules</c>'s, file by file.</summary>
public class PromtoolCheckRulesComparisonTests
{
    [Fact]
    public async Task Accepts_and_rejects_the_same_files_as_promtool()
    {
        string dir = Directory.CreateTempSubdirectory("rules-check-").FullName;
        try
        {
            var cases = RuleFileCases.Good.Select(c => (c.Name, c.Yaml, Valid: true))
                .Concat(RuleFileCases.Bad.Select(c => (c.Name, c.Yaml, Valid: false))).ToList();
            var disagreements = new List<string>();
            for (int i = 0; i < cases.Count; i++)
            {
                string path = Path.Combine(dir, $"case{i}.yml");
                await File.WriteAllTextAsync(path, cases[i].Yaml);
                var (exit, output) = await Promtool.RunAsync(dir, "check", "rules", path);
                bool ours = RuleFileParser.Load(path).IsValid;
                if ((exit == 0) != ours || ours != cases[i].Valid)
                    disagreements.Add($"{cases[i].Name}: promtool exit {exit}, ours valid={ours}, expected valid={cases[i].Valid}\n{output}");
            }
            Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
