using Metrics.Collector.Discovery;
using Metrics.Collector.Discovery.Files;
using Metrics.Store.Configuration;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.Tests.Discovery.Files;

/// <summary>file_sd: JSON and YAML target files, re-read on change; a broken file keeps its last good targets.</summary>
public sealed class FileDiscoveryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("file-sd-").FullName;
    private readonly ListLogger _log = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        // Write then rename, as config management tools do, so a reader never sees half a file.
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    private FileDiscovery NewDiscovery(string refresh = "5m", params string[] patterns)
    {
        string yaml = $"sd:\n  files: [{string.Join(", ", patterns.Select(p => $"\"{Path.Combine(_dir, p)}\""))}]\n  refresh_interval: {refresh}\n";
        return new FileDiscovery(FileSdConfig.Parse(YamlSection.Load(yaml, "t.yml").GetSection("sd")!), TimeProvider.System, _log);
    }

    [Fact]
    public void Json_and_yaml_files_become_groups_with_their_labels_and_file_path()
    {
        string json = Write("a.json", """[{"targets": ["a:1", "a:2"], "labels": {"env": "prod"}}, {"targets": ["b:1"]}]""");
        string yaml = Write("b.yml", "- targets: [\"c:1\"]\n  labels:\n    team: db\n");
        using FileDiscovery discovery = NewDiscovery("5m", "*.json", "*.yml");
        List<TargetGroup> groups = discovery.Refresh();

        Assert.Equal([json + ":0", json + ":1", yaml + ":0"], groups.Select(g => g.Source));
        Assert.Equal(["a:1", "a:2"], groups[0].Targets.Select(t => t.Get("__address__")));
        Assert.Equal($"{{__meta_filepath=\"{json}\", env=\"prod\"}}", groups[0].Labels.ToString());
        Assert.Equal($"{{__meta_filepath=\"{yaml}\", team=\"db\"}}", groups[2].Labels.ToString());
        Assert.Empty(discovery.Refresh());   // nothing changed, nothing reported
    }

    [Fact]
    public async Task Changing_a_file_changes_the_targets_without_waiting_for_the_refresh_interval()
    {
        Write("t.json", """[{"targets": ["a:1"]}]""");
        using FileDiscovery discovery = NewDiscovery("1h", "*.json");
        var groups = new GroupCollector();
        using var stop = new CancellationTokenSource();
        Task run = discovery.RunAsync(groups.Sink, stop.Token);
        string source = Path.Combine(_dir, "t.json") + ":0";
        await GroupCollector.Eventually(() => groups.Get(source) is not null, "the first read");

        Write("t.json", """[{"targets": ["a:1", "z:9"]}]""");
        await GroupCollector.Eventually(() => groups.Get(source)?.Targets.Count == 2, "the edited file's targets");

        File.Delete(Path.Combine(_dir, "t.json"));
        await GroupCollector.Eventually(() => groups.Sources.Count == 0, "the deleted file's targets to go");
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public void A_broken_file_keeps_its_last_good_targets_and_the_error_names_file_and_problem()
    {
        string path = Write("t.yaml", "- targets: [\"a:1\"]\n");
        using FileDiscovery discovery = NewDiscovery("5m", "*.yaml");
        Assert.Single(discovery.Refresh());

        Write("t.yaml", "- targets: [\"a:1\"]\n  labelz: {x: y}\n");
        Assert.Empty(discovery.Refresh());    // no change reported: the old group stays
        (LogLevel level, string message) = Assert.Single(_log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains(path + ":2:3: unknown field \"labelz\"", message, StringComparison.Ordinal);

        Write("t.yaml", "- targets: [\"a:1\", \"a:2\"]\n");
        Assert.Equal(2, Assert.Single(discovery.Refresh()).Targets.Count);   // fixed: picked up again
    }

    [Theory]
    [InlineData("bad.json", "{\"targets\": []}", "expected a list of target groups")]
    [InlineData("bad.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"bad-name\": \"x\"}}]", "invalid label name \"bad-name\"")]
    [InlineData("bad.json", "[{\"targets\": [", "invalid JSON")]
    [InlineData("bad.yml", "targets: [a]", "expected a list of target groups")]
    public void Malformed_files_are_rejected_with_the_reason(string name, string text, string problem)
    {
        var e = Assert.Throws<FormatException>(() => TargetFileParser.Parse(Path.Combine(_dir, name), text));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(_dir, name), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_paths_must_name_json_or_yaml_files_and_relative_ones_follow_the_config_file()
    {
        var e = Assert.Throws<ConfigException>(() => FileSdConfig.Parse(YamlSection.Load("sd:\n  files: [targets.txt]\n", "t.yml").GetSection("sd")!));
        Assert.Equal("t.yml:2:10: field \"sd.files\": path name \"targets.txt\" is not valid for file discovery: it must end in .json, .yml or .yaml, with wildcards only in the file name", e.Message);
        Assert.Throws<ConfigException>(() => FileSdConfig.Parse(YamlSection.Load("sd:\n  files: [\"*/x.json\"]\n", "t.yml").GetSection("sd")!));

        string configFile = Path.Combine(_dir, "metrics.yml");
        File.WriteAllText(configFile, "");
        FileSdConfig config = FileSdConfig.Parse(YamlSection.Load("sd:\n  files: [targets/*.json]\n", configFile).GetSection("sd")!);
        Assert.Equal(Path.Combine(_dir, "targets", "*.json"), Assert.Single(config.Files));
        Assert.Equal(TimeSpan.FromMinutes(5), config.RefreshInterval);
    }

    [Fact]
    public void Globs_match_within_the_file_name_only()
    {
        Write("web-1.json", "[]");
        Write("web-2.json", "[]");
        Write("db.json", "[]");
        Assert.Equal([Path.Combine(_dir, "web-1.json"), Path.Combine(_dir, "web-2.json")], GoGlob.Expand(Path.Combine(_dir, "web-?.json")));
        Assert.Equal([Path.Combine(_dir, "db.json")], GoGlob.Expand(Path.Combine(_dir, "[d]*.json")));
        Assert.Empty(GoGlob.Expand(Path.Combine(_dir, "missing", "*.json")));
    }
}
