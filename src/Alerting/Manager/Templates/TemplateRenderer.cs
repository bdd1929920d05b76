using System.Text;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>
/// A small subset of Go's text/template for receiver fields: literal text; <c>{{ .Status }}</c>, <c>.Receiver</c>,
/// <c>.ExternalURL</c>, <c>.GroupKey</c>; <c>{{ .CommonLabels.x }}</c>, <c>.GroupLabels.x</c>, <c>.CommonAnnotations.x</c>;
/// <c>{{ template "slack.default.title" . }}</c> for Alertmanager's defaults; <c>{{ len .Alerts }}</c>,
/// <c>.Alerts.Firing</c>, <c>.Alerts.Resolved</c>; pipes to <c>len</c>, <c>toUpper</c>, <c>toLower</c>;
/// <c>{{ if eq .Status "firing" }}..{{ else }}..{{ end }}</c> (also <c>ne</c> and plain truthiness); <c>{{-</c>/<c>-}}</c> trimming.
/// Anything else is a <see cref="FormatException"/> naming the action, so a notification never goes out half-rendered.
/// </summary>
public static class TemplateRenderer
{
    public static string Render(string template, NotificationData data)
    {
        if (!template.Contains("{{", StringComparison.Ordinal)) return template;
        var tokens = Tokenize(template);
        int pos = 0;
        var output = new StringBuilder();
        RenderBlock(tokens, ref pos, data, output, emit: true, out string? terminator);
        if (terminator is not null) throw new FormatException($"unexpected {{{{ {terminator} }}}} in template");
        return output.ToString();
    }

    private abstract record Token;
    private sealed record Text(string Value) : Token;
    private sealed record Action(string Value) : Token;

    private static List<Token> Tokenize(string template)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                tokens.Add(new Text(template[i..]));
                break;
            }
            int close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0) throw new FormatException("unclosed action in template");
            string text = template[i..open];
            string inner = template[(open + 2)..close];
            if (inner.StartsWith('-')) { text = text.TrimEnd(); inner = inner[1..]; }
            bool trimAfter = inner.EndsWith('-');
            if (trimAfter) inner = inner[..^1];
            if (text.Length > 0) tokens.Add(new Text(text));
            tokens.Add(new Action(inner.Trim()));
            i = close + 2;
            if (trimAfter) while (i < template.Length && char.IsWhiteSpace(template[i])) i++;
        }
        return tokens;
    }

    /// <summary>Renders until <c>else</c>/<c>end</c> (returned in <paramref name="terminator"/>) or the end of input.</summary>
    private static void RenderBlock(List<Token> tokens, ref int pos, NotificationData data, StringBuilder output, bool emit, out string? terminator)
    {
        while (pos < tokens.Count)
        {
            Token t = tokens[pos++];
            if (t is Text text)
            {
                if (emit) output.Append(text.Value);
                continue;
            }
            string action = ((Action)t).Value;
            if (action is "else" or "end")
            {
                terminator = action;
                return;
            }
            if (action.StartsWith("if ", StringComparison.Ordinal))
            {
                bool condition = emit && Truthy(action[3..].Trim(), data);
                RenderBlock(tokens, ref pos, data, output, emit && condition, out string? end);
                if (end == "else") RenderBlock(tokens, ref pos, data, output, emit && !condition, out end);
                if (end != "end") throw new FormatException($"{{{{ {action} }}}} has no {{{{ end }}}}");
                continue;
            }
            if (emit) output.Append(Evaluate(action, data));
        }
        terminator = null;
    }

    private static bool Truthy(string condition, NotificationData data)
    {
        string[] words = SplitWords(condition);
        if (words.Length == 3 && words[0] is "eq" or "ne")
        {
            bool equal = Evaluate(words[1], data) == Evaluate(words[2], data);
            return words[0] == "eq" ? equal : !equal;
        }
        string value = Evaluate(condition, data);
        return value.Length > 0 && value != "0" && value != "false";
    }

    private static string Evaluate(string expression, NotificationData data)
    {
        string[] stages = expression.Split('|', StringSplitOptions.TrimEntries);
        string[] first = SplitWords(stages[0]);
        object value = first switch
        {
            ["template", var name, "."] => DefaultTemplates.ByName(Unquote(name), data) ?? throw new FormatException($"template {name} is not defined"),
            ["len", var arg] => Count(Lookup(arg, data)),
            [var single] => Lookup(single, data),
            _ => throw new FormatException($"unsupported template action \"{{{{ {expression} }}}}\""),
        };
        foreach (string stage in stages.Skip(1))
        {
            value = stage switch
            {
                "len" => Count(value),
                "toUpper" => Str(value).ToUpperInvariant(),
                "toLower" => Str(value).ToLowerInvariant(),
                _ => throw new FormatException($"unsupported template function \"{stage}\""),
            };
        }
        return Str(value);
    }

    private static object Lookup(string path, NotificationData data)
    {
        if (path.StartsWith('"')) return Unquote(path);
        if (!path.StartsWith('.')) throw new FormatException($"unsupported template value \"{path}\"");
        string[] parts = path[1..].Split('.');
        return parts switch
        {
            ["Status"] => data.Status,
            ["Receiver"] => data.Receiver,
            ["ExternalURL"] => data.ExternalUrl,
            ["GroupKey"] => data.GroupKey,
            ["Alerts"] => data.Alerts.Count,
            ["Alerts", "Firing"] => data.Firing.Count(),
            ["Alerts", "Resolved"] => data.Resolved.Count(),
            ["GroupLabels", var name] => data.GroupLabels.Get(name),
            ["CommonLabels", var name] => data.CommonLabels.Get(name),
            ["CommonAnnotations", var name] => data.CommonAnnotations.Get(name),
            _ => throw new FormatException($"unsupported template field \"{path}\""),
        };
    }

    private static object Count(object value) => value is int n ? n : Str(value).Length;

    private static string Str(object value) => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;

    /// <summary>Splits on spaces outside double quotes.</summary>
    private static string[] SplitWords(string s)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        foreach (char c in s)
        {
            if (c == '"') quoted = !quoted;
            if (c == ' ' && !quoted)
            {
                if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
                continue;
            }
            current.Append(c);
        }
        if (current.Length > 0) words.Add(current.ToString());
        return [.. words];
    }
}
