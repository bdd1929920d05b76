using System.Collections.Concurrent;
using System.Text;
using Metrics.Query.Parser;

namespace Metrics.Alerting.Templating;

/// <summary>
/// A namespace of named Go templates parsed from several texts (Go's associated templates): what Alertmanager
/// builds from its default templates and the <c>templates:</c> files, and renders receiver fields against.
/// Immutable once built, so notifications render concurrently.
/// </summary>
public sealed class GoTemplateSet
{
    private const int MaxCachedTexts = 10_000;
    private readonly Dictionary<string, TemplateDefinition> _templates;
    private readonly IReadOnlySet<string> _functions;

    // Receiver fields are few and fixed per config: each is parsed once.
    private readonly ConcurrentDictionary<string, (TemplateDefinition Root, Dictionary<string, TemplateDefinition>? Own)> _texts = new(StringComparer.Ordinal);

    private GoTemplateSet(TemplateFunctionSet functions, Dictionary<string, TemplateDefinition> templates)
    {
        FunctionSet = functions;
        _functions = TemplateFunctions.NamesOf(functions);
        _templates = templates;
    }

    public TemplateFunctionSet FunctionSet { get; }

    /// <summary>The names of every template in the set, sorted.</summary>
    public IEnumerable<string> Names => _templates.Keys.Order(StringComparer.Ordinal);

    /// <summary>Parses the <paramref name="sources"/> in order (name, text); a later definition replaces an earlier one unless it is empty.</summary>
    /// <exception cref="TemplateException">A source does not parse; the message names it (and the line) as Go does.</exception>
    public static GoTemplateSet Parse(TemplateFunctionSet functions, IEnumerable<(string Name, string Text)> sources)
    {
        var templates = new Dictionary<string, TemplateDefinition>(StringComparer.Ordinal);
        IReadOnlySet<string> names = TemplateFunctions.NamesOf(functions);
        foreach (var (name, text) in sources)
        {
            var own = new Dictionary<string, TemplateDefinition>(StringComparer.Ordinal);
            List<TemplateNode> root;
            try
            {
                root = TemplateParser.Parse(name, text, names, own);
            }
            catch (TemplateException e)
            {
                throw new TemplateException(e.Message) { SourceName = name };
            }
            Associate(templates, new TemplateDefinition(name, name, text, root));
            foreach (TemplateDefinition definition in own.Values) Associate(templates, definition);
        }
        return new GoTemplateSet(functions, templates);
    }

    /// <summary>Go's associate: a template replaces one of the same name unless the newcomer is empty and the old one is not.</summary>
    private static void Associate(Dictionary<string, TemplateDefinition> templates, TemplateDefinition definition)
    {
        if (templates.TryGetValue(definition.Name, out TemplateDefinition? old) && TemplateParser.IsEmpty(definition.Body) && !TemplateParser.IsEmpty(old.Body))
            return;
        templates[definition.Name] = definition;
    }

    public bool IsDefined(string name) => _templates.ContainsKey(name);

    /// <summary>Runs the template called <paramref name="name"/> with <paramref name="data"/> as dot.</summary>
    public string ExecuteTemplate(string name, object? data, TemplateOptions? options = null)
    {
        if (!_templates.TryGetValue(name, out TemplateDefinition? definition))
            throw new TemplateException($"template: no template {GoFormat.Quote(name)} associated with template \"\"");
        return Run(definition, _templates, data, options);
    }

    /// <summary>
    /// Alertmanager's ExecuteTextString: parses <paramref name="text"/> as the unnamed template of a copy of the set
    /// (so its own <c>define</c>s stay local) and runs it. Text without an action is returned as is.
    /// </summary>
    public string ExecuteText(string text, object? data, TemplateOptions? options = null)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        var (root, own) = ParseText(text);
        IReadOnlyDictionary<string, TemplateDefinition> templates = _templates;
        if (own is not null)
        {
            var merged = new Dictionary<string, TemplateDefinition>(_templates, StringComparer.Ordinal);
            foreach (TemplateDefinition d in own.Values) Associate(merged, d);
            templates = merged;
        }
        return Run(root, templates, data, options);
    }

    /// <summary>Checks that <paramref name="text"/> parses in this set; the error message when it does not.</summary>
    public string? ParseError(string text)
    {
        try
        {
            ParseText(text);
            return null;
        }
        catch (TemplateException e)
        {
            return e.Message;
        }
    }

    private (TemplateDefinition Root, Dictionary<string, TemplateDefinition>? Own) ParseText(string text)
    {
        if (_texts.TryGetValue(text, out var parsed)) return parsed;
        var own = new Dictionary<string, TemplateDefinition>(StringComparer.Ordinal);
        List<TemplateNode> root = TemplateParser.Parse("", text, _functions, own);
        parsed = (new TemplateDefinition("", "", text, root), own.Count > 0 ? own : null);
        if (_texts.Count > MaxCachedTexts) _texts.Clear();
        _texts[text] = parsed;
        return parsed;
    }

    private static string Run(TemplateDefinition root, IReadOnlyDictionary<string, TemplateDefinition> templates, object? data, TemplateOptions? options)
    {
        var output = new StringBuilder();
        new TemplateExecutor(templates, options ?? TemplateOptions.Empty, output).Run(root, data);
        return output.ToString();
    }
}
