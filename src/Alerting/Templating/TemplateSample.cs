namespace Metrics.Alerting.Templating;

/// <summary>Prometheus's template <c>sample</c>: what <c>query</c> returns, one per series (<c>.Labels</c>, <c>.Value</c>).</summary>
public sealed class TemplateSample(IReadOnlyDictionary<string, string> labels, double value) : ITemplateFields
{
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;

    public double Value { get; } = value;

    public bool TryGetField(string name, out object? value)
    {
        switch (name)
        {
            case "Labels": value = Labels; return true;
            case "Value": value = Value; return true;
            default: value = null; return false;
        }
    }

    public string GoTypeName => "*template.sample";
}
