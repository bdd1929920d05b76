using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Routing;

namespace Metrics.Alerting.Tests.Manager.Routing;

/// <summary>Our <c>routes test</c> answers exactly as the real <c>amtool config routes test</c> on the same files.</summary>
public sealed class RoutingConformanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("am-routes-").FullName;

    public static TheoryData<string> TreeNames()
    {
        var data = new TheoryData<string>();
        foreach (var tree in RoutingTrees.All) data.Add(tree.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(TreeNames))]
    public void ReceiversEqualAmtools(string name)
    {
        var tree = Array.Find(RoutingTrees.All, t => t.Name == name);
        string path = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(path, RoutingTrees.File(tree.Route));
        AlertmanagerConfig config = AlertmanagerConfig.Load(path);
        Assert.True(tree.LabelSets.Length >= 3);
        foreach (string[] labels in tree.LabelSets)
        {
            var (exit, stdout, stderr) = Amtool.Run(["config", "routes", "test", "--config.file", path, .. labels]);
            Assert.True(exit == 0, $"amtool failed on {string.Join(' ', labels)}: {stderr}");
            string ours = RouteTester.Receivers(config, RouteTester.ParseLabels(labels));
            Assert.Equal(stdout.TrimEnd('\n'), ours);
        }
    }

    [Fact]
    public void NonEqualityLabelArgumentsAreRejectedAsByAmtool()
    {
        string path = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(path, RoutingTrees.File(RoutingTrees.All[0].Route));
        foreach (string bad in new[] { "a!=1", "a=~1", "foo", "msg=say \"hi\"" })
        {
            Assert.NotEqual(0, Amtool.Run("config", "routes", "test", "--config.file", path, bad).ExitCode);
            Assert.Throws<FormatException>(() => RouteTester.ParseLabels([bad]));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
