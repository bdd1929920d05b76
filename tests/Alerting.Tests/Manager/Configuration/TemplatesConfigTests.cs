using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Configuration;

namespace Metrics.Alerting.Tests.Manager.Configuration;

/// <summary>
/// The <c>templates:</c> field: globs relative to the config file, parsed at load; <c>amtool check-config</c> and we
/// accept and reject the same files, and our error carries amtool's template message (file name and line).
/// </summary>
public sealed class TemplatesConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("am-templates-").FullName;

    public TemplatesConfigTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "t"));
        File.WriteAllText(Path.Combine(_dir, "t", "good.tmpl"), "{{ define \"a\" }}{{ .Status | toUpper }}{{ end }}\n");
        Directory.CreateDirectory(Path.Combine(_dir, "bad"));
        File.WriteAllText(Path.Combine(_dir, "bad", "syntax.tmpl"), "{{ define \"b\" }}\n{{ if }}\n{{ end }}\n");
        Directory.CreateDirectory(Path.Combine(_dir, "prom"));
        // humanize is a Prometheus (rule) function, not an Alertmanager one.
        File.WriteAllText(Path.Combine(_dir, "prom", "funcs.tmpl"), "{{ define \"c\" }}{{ 1 | humanize }}{{ end }}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(params string[] globs)
    {
        string path = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(path, "route:\n  receiver: r\nreceivers:\n  - name: r\ntemplates:\n" + string.Concat(globs.Select(g => $"  - '{g}'\n")));
        return path;
    }

    [Fact]
    public void RelativeGlobsAreResolvedAgainstTheConfigFolder()
    {
        string path = Write("t/*.tmpl", "t/good.tmpl", "nothing/*.tmpl");
        Assert.Equal(0, Amtool.Run("check-config", path).ExitCode);
        AlertmanagerConfig config = AlertmanagerConfig.Load(path);
        Assert.Equal(3, config.Templates.Count);
        Assert.Equal([Path.Combine(_dir, "t", "good.tmpl"), Path.Combine(_dir, "t", "good.tmpl")], config.NotificationTemplates.Files);
        Assert.True(config.NotificationTemplates.Set.IsDefined("a"));
        Assert.True(config.NotificationTemplates.Set.IsDefined("slack.default.title"));
    }

    [Theory]
    [InlineData("bad/*.tmpl", "syntax.tmpl")]
    [InlineData("prom/funcs.tmpl", "funcs.tmpl")]
    public void ATemplateThatDoesNotParseIsAConfigErrorLikeAmtools(string glob, string file)
    {
        string path = Write("t/good.tmpl", glob);
        var (exit, stdout, _) = Amtool.Run("check-config", path);
        Assert.Equal(1, exit);
        string amtoolMessage = stdout.Split('\n').Single(l => l.Contains("FAILED: ", StringComparison.Ordinal)).Split("FAILED: ")[1].Trim();
        Assert.StartsWith($"template: {file}:", amtoolMessage);

        var e = Assert.Throws<ConfigException>(() => AlertmanagerConfig.Load(path));
        Assert.Equal("templates", e.Field);
        Assert.Equal(path, e.File);
        Assert.Equal($"{Path.Combine(_dir, Path.GetDirectoryName(glob)!, file)}: {amtoolMessage}", e.Problem);
    }
}
