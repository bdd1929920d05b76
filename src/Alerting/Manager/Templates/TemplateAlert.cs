using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>Alertmanager's <c>template.Alert</c>: one alert of a notification as templates see it.</summary>
public sealed class TemplateAlert : ITemplateFields
{
    public required string Status { get; init; }
    public required TemplateKV Labels { get; init; }
    public required TemplateKV Annotations { get; init; }
    public DateTimeOffset StartsAt { get; init; }

    /// <summary>Zero for a firing alert: Alertmanager hides the end it derives from resolve_timeout.</summary>
    public DateTimeOffset EndsAt { get; init; }
    public string GeneratorURL { get; init; } = "";
    public string Fingerprint { get; init; } = "";

    public string GoTypeName => "template.Alert";

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Status" => Status,
            "Labels" => Labels,
            "Annotations" => Annotations,
            "StartsAt" => StartsAt,
            "EndsAt" => EndsAt,
            "GeneratorURL" => GeneratorURL,
            "Fingerprint" => Fingerprint,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>Go's <c>%v</c> of the struct, fields in declaration order.</summary>
    public override string ToString()
        => $"{{{Status} {GoValues.Print(Labels)} {GoValues.Print(Annotations)} {GoValues.GoTime(StartsAt)} {GoValues.GoTime(EndsAt)} {GeneratorURL} {Fingerprint}}}";
}
