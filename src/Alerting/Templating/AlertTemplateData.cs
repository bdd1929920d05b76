namespace Metrics.Alerting.Templating;

/// <summary>Dot of an alert's label and annotation templates: <c>.Labels</c>, <c>.ExternalLabels</c>, <c>.ExternalURL</c>, <c>.Value</c>.</summary>
public sealed class AlertTemplateData(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> externalLabels, string externalUrl, double value)
    : ITemplateFields
{
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;
    public IReadOnlyDictionary<string, string> ExternalLabels { get; } = externalLabels;
    public string ExternalURL { get; } = externalUrl;
    public double Value { get; } = value;

    public string GoTypeName => "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }";

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Labels" => Labels,
            "ExternalLabels" => ExternalLabels,
            "ExternalURL" => ExternalURL,
            "Value" => Value,
            _ => null,
        };
        return value is not null;
    }
}
