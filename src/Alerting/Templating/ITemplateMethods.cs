namespace Metrics.Alerting.Templating;

/// <summary>
/// A value with Go methods a template can call: <c>.SortedPairs</c>, or <c>.Remove .GroupLabels.Names</c> with arguments.
/// Go looks a name up as a method before it looks at fields or map keys, and so does the executor.
/// </summary>
public interface ITemplateMethods
{
    /// <summary>Calls <paramref name="method"/>; false when the value has no method of that name. Bad arguments throw a <see cref="TemplateException"/>.</summary>
    bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result);

    /// <summary>The Go type name used in error messages, e.g. <c>template.KV</c>.</summary>
    string GoTypeName { get; }
}
