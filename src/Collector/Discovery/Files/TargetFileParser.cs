using System.Text.Json;
using Metrics.Store.Labels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Metrics.Collector.Discovery.Files;

/// <summary>
/// Reads a file_sd target file, <c>[{"targets": ["host:port"], "labels": {"name": "value"}}]</c>, as
/// JSON (<c>.json</c>) or YAML. Each entry becomes a group with source <c>path:index</c> and the
/// <c>__meta_filepath</c> label.
/// </summary>
public static class TargetFileParser
{
    public const string FilePathLabel = "__meta_filepath";

    /// <exception cref="FormatException">The file is malformed; the message names the file and the problem.</exception>
    public static List<TargetGroup> Parse(string path, string text)
    {
        bool json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        List<(List<string> Targets, List<KeyValuePair<string, string>> Labels)> entries = json ? ReadJson(path, text) : ReadYaml(path, text);
        var groups = new List<TargetGroup>(entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            var (targets, labels) = entries[i];
            var builder = new LabelSetBuilder();
            foreach (var (name, value) in labels)
            {
                if (!LabelNames.IsValidLabelName(name)) throw new FormatException($"{path}: entry {i}: invalid label name \"{name}\"");
                builder.Set(name, value);
            }
            builder.Set(FilePathLabel, path);
            var own = new LabelSet[targets.Count];
            for (int t = 0; t < own.Length; t++)
            {
                if (targets[t].Length == 0) throw new FormatException($"{path}: entry {i}: empty target");
                own[t] = LabelSet.FromPairs("__address__", targets[t]);
            }
            groups.Add(new TargetGroup($"{path}:{i}", own, builder.Build()));
        }
        return groups;
    }

    private static List<(List<string>, List<KeyValuePair<string, string>>)> ReadJson(string path, string text)
    {
        var result = new List<(List<string>, List<KeyValuePair<string, string>>)>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}: expected a list of target groups");
            int i = 0;
            foreach (JsonElement entry in doc.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: entry {i}: expected an object with \"targets\" and \"labels\"");
                var targets = new List<string>();
                var labels = new List<KeyValuePair<string, string>>();
                if (entry.TryGetProperty("targets", out JsonElement ts) && ts.ValueKind != JsonValueKind.Null)
                {
                    if (ts.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}: entry {i}: \"targets\" must be a list of strings");
                    foreach (JsonElement t in ts.EnumerateArray())
                        targets.Add(t.ValueKind == JsonValueKind.String ? t.GetString()! : throw new FormatException($"{path}: entry {i}: \"targets\" must be a list of strings"));
                }
                if (entry.TryGetProperty("labels", out JsonElement ls) && ls.ValueKind != JsonValueKind.Null)
                {
                    if (ls.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: entry {i}: \"labels\" must map names to strings");
                    foreach (JsonProperty p in ls.EnumerateObject())
                        labels.Add(new(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw new FormatException($"{path}: entry {i}: label \"{p.Name}\" must be a string")));
                }
                result.Add((targets, labels));
                i++;
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: invalid JSON: {e.Message}");
        }
        return result;
    }

    private static List<(List<string>, List<KeyValuePair<string, string>>)> ReadYaml(string path, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {(e.InnerException ?? e).Message}");
        }
        var result = new List<(List<string>, List<KeyValuePair<string, string>>)>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) return result;
        if (stream.Documents[0].RootNode is not YamlSequenceNode list) throw At(path, stream.Documents[0].RootNode, "expected a list of target groups");
        foreach (YamlNode node in list.Children)
        {
            if (node is not YamlMappingNode entry) throw At(path, node, "expected a mapping with \"targets\" and \"labels\"");
            var targets = new List<string>();
            var labels = new List<KeyValuePair<string, string>>();
            foreach (var (keyNode, value) in entry.Children)
            {
                string key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (value is YamlScalarNode { Value: null or "" or "~" or "null" }) continue;
                if (key == "targets")
                {
                    if (value is not YamlSequenceNode seq) throw At(path, value, "\"targets\" must be a list of strings");
                    foreach (YamlNode t in seq.Children)
                        targets.Add(t is YamlScalarNode s ? s.Value ?? "" : throw At(path, t, "a target must be a string"));
                }
                else if (key == "labels")
                {
                    if (value is not YamlMappingNode map) throw At(path, value, "\"labels\" must map names to strings");
                    foreach (var (k, v) in map.Children)
                        labels.Add(new((k as YamlScalarNode)?.Value ?? "", v is YamlScalarNode s ? s.Value ?? "" : throw At(path, v, "a label value must be a string")));
                }
                else throw At(path, keyNode, $"unknown field \"{key}\"; allowed here: targets, labels");
            }
            result.Add((targets, labels));
        }
        return result;
    }

    private static FormatException At(string path, YamlNode node, string problem)
        => new($"{path}:{node.Start.Line}:{node.Start.Column}: {problem}");
}
