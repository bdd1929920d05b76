using System.Collections.ObjectModel;
using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>Alertmanager's <c>template.Pairs</c>: sorted pairs with <c>.Names</c> and <c>.Values</c> (each a <c>[]string</c>).</summary>
public sealed class TemplatePairs(IList<TemplatePair> pairs) : ReadOnlyCollection<TemplatePair>(pairs), ITemplateMethods
{
    public List<string> Names() => this.Select(p => p.Name).ToList();

    public List<string> Values() => this.Select(p => p.Value).ToList();

    public string GoTypeName => "template.Pairs";

    public bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result)
    {
        result = method switch
        {
            "Names" => NoArgs(method, args) ? Names() : null,
            "Values" => NoArgs(method, args) ? Values() : null,
            _ => null,
        };
        return result is not null;
    }

    internal static bool NoArgs(string method, IReadOnlyList<object?> args)
        => args.Count == 0 ? true : throw new TemplateException($"wrong number of args for {method}: want 0 got {args.Count}");

    /// <summary>A Go <c>[]string</c> argument.</summary>
    internal static IEnumerable<string> StringList(object? value) => value switch
    {
        IEnumerable<string> strings => strings,
        System.Collections.IEnumerable list when list.Cast<object?>().All(x => x is string) => list.Cast<string>(),
        _ => throw new TemplateException($"wrong type for value; expected []string; got {GoValues.TypeName(value)}"),
    };
}
