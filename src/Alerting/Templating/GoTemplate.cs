using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>
/// A parsed Go text/template with Prometheus's function map and <c>missingkey=zero</c>:
/// what alert labels and annotations are written in.
/// </summary>
public sealed class GoTemplate
{
    private readonly List<TemplateNode> _root;
    private readonly Dictionary<string, List<TemplateNode>> _defines;

    private readonly string _text;

    private GoTemplate(string name, string text, List<TemplateNode> root, Dictionary<string, List<TemplateNode>> defines)
    {
        Name = name;
        _text = text;
        _root = root;
        _defines = defines;
    }

    public string Name { get; }

    /// <summary>Parses; a syntax error, unknown function or undefined variable is a <see cref="TemplateException"/>.</summary>
    public static GoTemplate Parse(string name, string text)
    {
        var defines = new Dictionary<string, List<TemplateNode>>(StringComparer.Ordinal);
        List<TemplateNode> root = TemplateParser.Parse(name, text, TemplateFunctions.Names, defines);
        return new GoTemplate(name, text, root, defines);
    }

    /// <summary>Runs the template over <paramref name="data"/> (the value of dot and of <c>$</c>).</summary>
    public string Execute(object? data, TemplateOptions? options = null)
    {
        var output = new StringBuilder();
        new TemplateExecutor(Name, _text, _defines, options ?? TemplateOptions.Empty, output).Run(_root, data);
        return output.ToString();
    }
}
