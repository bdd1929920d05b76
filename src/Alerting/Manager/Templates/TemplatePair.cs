using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>Alertmanager's <c>template.Pair</c>: one label or annotation, <c>.Name</c> and <c>.Value</c>.</summary>
public sealed class TemplatePair(string name, string value) : ITemplateFields
{
    public string Name { get; } = name;
    public string Value { get; } = value;

    public string GoTypeName => "template.Pair";

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Name" => Name,
            "Value" => Value,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>Go's <c>%v</c> of the struct.</summary>
    public override string ToString() => $"{{{Name} {Value}}}";
}
