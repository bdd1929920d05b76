using Metrics.Alerting.Templating;
using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>
/// The templates notifications render with: Alertmanager's defaults, then the files of the config's <c>templates:</c>
/// globs (whose defines may replace defaults). Receiver fields are rendered as Alertmanager's ExecuteTextString does.
/// </summary>
public sealed class NotificationTemplates
{
    private const string DefaultsResource = "Metrics.Alerting.Manager.Templates.default.tmpl";

    private static readonly Lazy<string> s_defaults = new(ReadDefaults);

    // Alertmanager has no step limit; ours only guards against a runaway template. A group of 100k alerts
    // with the default OpsGenie description takes about 10M steps.
    private static readonly TemplateOptions s_options = new() { MaxSteps = 200_000_000 };

    private NotificationTemplates(GoTemplateSet set, IReadOnlyList<string> files)
    {
        Set = set;
        Files = files;
    }

    /// <summary>Alertmanager's default templates alone (a config without <c>templates:</c>).</summary>
    public static NotificationTemplates Default { get; } = new(GoTemplateSet.Parse(TemplateFunctionSet.Alertmanager, [("", s_defaults.Value)]), []);

    public GoTemplateSet Set { get; }

    /// <summary>The template files loaded, in load order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Expands the globs (relative ones against <paramref name="baseDirectory"/>) and parses every matching file after the defaults.</summary>
    /// <exception cref="TemplateLoadException">A glob is malformed, a file cannot be read or does not parse.</exception>
    public static NotificationTemplates Load(IReadOnlyList<string> globs, string baseDirectory)
    {
        if (globs.Count == 0) return Default;
        var sources = new List<(string Name, string Text)> { ("", s_defaults.Value) };
        var files = new List<string>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string glob in globs)
        {
            string pattern = Path.IsPathRooted(glob) ? glob : Path.Combine(baseDirectory, glob);
            if (!GoGlob.IsValidPattern(pattern)) throw new TemplateLoadException(glob, $"invalid template glob \"{glob}\": syntax error in pattern");
            // A glob that matches nothing is fine: Alertmanager allows files that appear later.
            foreach (string file in GoGlob.Expand(pattern))
            {
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new TemplateLoadException(file, $"reading template file {file}: {e.Message}");
                }
                // Go names a file's template by its base name; errors say "template: NAME:LINE: ...".
                string name = Path.GetFileName(file);
                names[name] = file;
                sources.Add((name, text));
                files.Add(file);
            }
        }
        try
        {
            return new NotificationTemplates(GoTemplateSet.Parse(TemplateFunctionSet.Alertmanager, sources), files);
        }
        catch (TemplateException e)
        {
            string file = e.SourceName is { } source && names.TryGetValue(source, out string? path) ? path : "";
            throw new TemplateLoadException(file, file.Length > 0 ? $"{file}: {e.Message}" : e.Message);
        }
    }

    /// <summary>Renders one receiver field; a failure throws, so a notification never goes out with half its text.</summary>
    /// <exception cref="TemplateException">The text does not parse or fails to execute.</exception>
    public string Render(string text, TemplateData data) => text.Length == 0 ? "" : Set.ExecuteText(text, data, s_options);

    private static string ReadDefaults()
    {
        using Stream stream = typeof(NotificationTemplates).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultsResource} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
