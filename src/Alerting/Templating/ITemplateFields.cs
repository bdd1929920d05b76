namespace Metrics.Alerting.Templating;

/// <summary>A value whose fields a template reads with <c>.Name</c>, like a Go struct.</summary>
public interface ITemplateFields
{
    bool TryGetField(string name, out object? value);

    /// <summary>The Go type name used in error messages, e.g. <c>*template.sample</c>.</summary>
    string GoTypeName { get; }
}
