using System.Text;

namespace Metrics.Alerting.Templating;

/// <summary>
/// A parsed Go text/template with Prometheus's function map and <c>missingkey=zero</c>:
/// what alert labels and annotations are written in.
/// </summary>
public sealed class GoTemplate
{
    private readonly TemplateDefinition _root;
    private readonly Dictionary<string, TemplateDefinition> _defines;

    private GoTemplate(TemplateDefinition root, Dictionary<string, TemplateDefinition> defines)
    {
        Name = root.Name;
        _root = root;
        _defines = defines;
    }

    public string Name { get; }

    /// <summary>Parses; a syntax error, unknown function or undefined variable is a <see cref="TemplateException"/>.</summary>
    public static GoTemplate Parse(string name, string text)
    {
        var defines = new Dictionary<string, TemplateDefinition>(StringComparer.Ordinal);
        List<TemplateNode> root = TemplateParser.Parse(name, text, TemplateFunctions.Names, defines);
        return new GoTemplate(new TemplateDefinition(name, name, text, root), defines);
    }

    /// <summary>Runs the template over <paramref name="data"/> (the value of dot and of <c>$</c>).</summary>
    public string Execute(object? data, TemplateOptions? options = null)
    {
        var output = new StringBuilder();
        new TemplateExecutor(_defines, options ?? TemplateOptions.Empty, output).Run(_root, data);
        return output.ToString();
    }
}
