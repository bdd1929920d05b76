using System.Collections.Concurrent;

namespace Metrics.Alerting.Templating;

/// <summary>
/// An alert label or annotation template as Prometheus expands it: the text is prefixed with
/// the <c>$labels</c>, <c>$externalLabels</c>, <c>$externalURL</c> and <c>$value</c> definitions and
/// named <c>__alert_NAME</c>; a failure becomes the text <c>&lt;error expanding template: ...&gt;</c>.
/// </summary>
public static class AlertTemplate
{
    /// <summary>Prometheus's definitions, on the same line as the text so line numbers in errors match.</summary>
    public const string Definitions = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

    private const int MaxCached = 10_000;

    // Rule texts are few and fixed per rule file: parse each once.
    private static readonly ConcurrentDictionary<(string Name, string Text), object> s_cache = new();

    /// <summary>Checks that <paramref name="text"/> parses as the alert template of <paramref name="alertName"/>; null when it does.</summary>
    public static string? ParseError(string alertName, string text)
    {
        try
        {
            GoTemplate.Parse("__alert_" + alertName, Definitions + text);
            return null;
        }
        catch (TemplateException e)
        {
            return e.Message;
        }
    }

    public static string Expand(string alertName, string text, AlertTemplateData data, TemplateOptions options)
    {
        // Prometheus skips the template engine for text without an action (fast path, same output).
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        string name = "__alert_" + alertName;
        if (s_cache.Count > MaxCached) s_cache.Clear();
        object parsed = s_cache.GetOrAdd((name, text), static key =>
        {
            try
            {
                return GoTemplate.Parse(key.Name, Definitions + key.Text);
            }
            catch (TemplateException e)
            {
                return $"error parsing template {key.Name}: {e.Message}";
            }
        });
        if (parsed is string parseError) return $"<error expanding template: {parseError}>";
        try
        {
            return ((GoTemplate)parsed).Execute(data, options);
        }
        catch (TemplateException e)
        {
            return $"<error expanding template: error executing template {name}: {e.Message}>";
        }
    }
}
