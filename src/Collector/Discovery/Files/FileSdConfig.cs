using System.Text.RegularExpressions;
using Metrics.Store.Configuration;

namespace Metrics.Collector.Discovery.Files;

/// <summary>Prometheus's <c>file_sd_configs</c> entry: target files by glob, re-read on change and on an interval.</summary>
public sealed partial class FileSdConfig
{
    /// <summary>Absolute patterns; <c>*</c>, <c>?</c> and <c>[...]</c> may appear only in the file name.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    public static FileSdConfig Parse(YamlSection section)
    {
        section.AllowOnly("files", "refresh_interval");
        IReadOnlyList<string> files = section.GetStringList("files");
        if (files.Count == 0) throw section.Error("files", "file service discovery config must contain at least one path name");
        // Relative patterns are relative to the config file, as Prometheus resolves them.
        string baseDir = System.IO.File.Exists(section.File) ? Path.GetDirectoryName(Path.GetFullPath(section.File))! : Directory.GetCurrentDirectory();
        var absolute = new List<string>(files.Count);
        foreach (string f in files)
        {
            if (!ValidPattern().IsMatch(f))
                throw section.Error("files", $"path name \"{f}\" is not valid for file discovery: it must end in .json, .yml or .yaml, with wildcards only in the file name");
            absolute.Add(Path.GetFullPath(f, baseDir));
        }
        TimeSpan refresh = GlobalConfig.Positive(section, "refresh_interval") ?? TimeSpan.FromMinutes(5);
        return new FileSdConfig { Files = absolute, RefreshInterval = refresh };
    }

    [GeneratedRegex(@"^[^*?\[]*([*?\[][^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$")]
    private static partial Regex ValidPattern();
}
