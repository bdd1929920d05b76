using Metrics.Store.Time;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Metrics.Store.Configuration;

/// <summary>
/// A YAML mapping read field by field, so that every error can name the file, the line and
/// the dotted field path (<c>scrape_configs[0].scrape_interval</c>). Unknown keys are errors:
/// a typo must not silently fall back to a default.
/// </summary>
public sealed class YamlSection
{
    private readonly YamlMappingNode _node;

    private YamlSection(YamlMappingNode node, string file, string path)
    {
        _node = node;
        File = file;
        Path = path;
    }

    public string File { get; }

    /// <summary>The dotted path of this section from the document root; empty for the root.</summary>
    public string Path { get; }

    /// <summary>Parses a whole document; an empty document is an empty section.</summary>
    public static YamlSection Load(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet's own message repeats the position; keep only the innermost reason.
            Exception inner = e;
            while (inner.InnerException is YamlException deeper) inner = deeper;
            throw new ConfigException(file, (int)e.Start.Line, (int)e.Start.Column, "", "invalid YAML: " + StripMark(inner.Message));
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(file, 1, 1, "", "invalid YAML: " + e.Message);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            return new YamlSection(new YamlMappingNode(), file, "");
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ConfigException(file, (int)second.Line, (int)second.Column, "", "expected a single YAML document");
        }
        YamlNode root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
            throw new ConfigException(file, (int)root.Start.Line, (int)root.Start.Column, "", "expected a mapping at the top level, got " + KindOf(root));
        return new YamlSection(map, file, "");
    }

    /// <summary>Fails on the first key not in <paramref name="known"/>, listing what is allowed.</summary>
    public YamlSection AllowOnly(params string[] known)
    {
        foreach (var (key, _) in _node.Children)
        {
            string name = key is YamlScalarNode s ? s.Value ?? "" : "";
            if (Array.IndexOf(known, name) < 0)
                throw ErrorAt(key, Child(name), $"unknown field; allowed here: {string.Join(", ", known)}");
        }
        return this;
    }

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    public bool Has(string key) => Find(key) is { } node && !IsNull(node);

    public string? GetString(string key)
    {
        YamlNode? node = Find(key);
        if (node is null || IsNull(node)) return null;
        if (node is not YamlScalarNode scalar)
            throw ErrorAt(node, Child(key), "expected a string, got " + KindOf(node));
        return scalar.Value ?? "";
    }

    public string GetString(string key, string fallback) => GetString(key) ?? fallback;

    public string RequireString(string key)
    {
        string? value = GetString(key);
        if (string.IsNullOrEmpty(value))
            throw ErrorAt(_node, Child(key), "is required");
        return value;
    }

    public bool? GetBool(string key)
    {
        string? text = GetString(key);
        if (text is null) return null;
        return text switch
        {
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw ErrorAt(Find(key)!, Child(key), $"expected true or false, got \"{text}\""),
        };
    }

    /// <summary>A Prometheus duration such as <c>15s</c> or <c>1m30s</c>.</summary>
    public TimeSpan? GetDuration(string key)
    {
        string? text = GetString(key);
        if (text is null) return null;
        if (!PromDuration.TryParse(text, out TimeSpan d))
            throw ErrorAt(Find(key)!, Child(key), $"invalid duration \"{text}\" (use e.g. 15s, 1m30s, 2h)");
        return d;
    }

    public YamlSection? GetSection(string key)
    {
        YamlNode? node = Find(key);
        if (node is null || IsNull(node)) return null;
        if (node is not YamlMappingNode map)
            throw ErrorAt(node, Child(key), "expected a mapping, got " + KindOf(node));
        return new YamlSection(map, File, Child(key));
    }

    public IReadOnlyList<YamlSection> GetSectionList(string key)
    {
        YamlNode? node = Find(key);
        if (node is null || IsNull(node)) return [];
        if (node is not YamlSequenceNode seq)
            throw ErrorAt(node, Child(key), "expected a list, got " + KindOf(node));
        var result = new List<YamlSection>(seq.Children.Count);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string path = $"{Child(key)}[{i}]";
            if (seq.Children[i] is not YamlMappingNode map)
                throw ErrorAt(seq.Children[i], path, "expected a mapping, got " + KindOf(seq.Children[i]));
            result.Add(new YamlSection(map, File, path));
        }
        return result;
    }

    public IReadOnlyList<string> GetStringList(string key)
    {
        YamlNode? node = Find(key);
        if (node is null || IsNull(node)) return [];
        if (node is not YamlSequenceNode seq)
            throw ErrorAt(node, Child(key), "expected a list of strings, got " + KindOf(node));
        var result = new List<string>(seq.Children.Count);
        for (int i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is not YamlScalarNode s)
                throw ErrorAt(seq.Children[i], $"{Child(key)}[{i}]", "expected a string, got " + KindOf(seq.Children[i]));
            result.Add(s.Value ?? "");
        }
        return result;
    }

    /// <summary>A mapping of strings to strings, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetStringMap(string key)
    {
        YamlSection? section = GetSection(key);
        if (section is null) return [];
        var result = new List<KeyValuePair<string, string>>();
        foreach (var (k, v) in section._node.Children)
        {
            string name = (k as YamlScalarNode)?.Value ?? "";
            if (v is not YamlScalarNode s)
                throw ErrorAt(v, $"{section.Path}.{name}", "expected a string, got " + KindOf(v));
            result.Add(new(name, s.Value ?? ""));
        }
        return result;
    }

    /// <summary>An error positioned at the value of <paramref name="key"/> (or at this section when absent).</summary>
    public ConfigException Error(string key, string problem)
        => ErrorAt(Find(key) ?? _node, Child(key), problem);

    /// <summary>An error about this whole section.</summary>
    public ConfigException Error(string problem) => ErrorAt(_node, Path, problem);

    private ConfigException ErrorAt(YamlNode node, string field, string problem)
        => new(File, (int)node.Start.Line, (int)node.Start.Column, field, problem);

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private YamlNode? Find(string key)
    {
        foreach (var (k, v) in _node.Children)
            if (k is YamlScalarNode s && s.Value == key) return v;
        return null;
    }

    private static bool IsNull(YamlNode node)
        => node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string KindOf(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"\"{s.Value}\"",
        _ => "an unsupported node",
    };

    private static string StripMark(string message)
    {
        // "(Line: 3, Col: 5, Idx: 20) - (Line: 3, Col: 6, Idx: 21): reason" -> "reason"
        int i = message.IndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(i + 3)..] : message;
    }
}
