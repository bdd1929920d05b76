using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Alerting.Templating;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>
/// Alertmanager's <c>template.Data</c>, dot of every notification template: <c>.Receiver</c>, <c>.Status</c>,
/// <c>.Alerts</c>, <c>.GroupLabels</c>, <c>.CommonLabels</c>, <c>.CommonAnnotations</c>, <c>.ExternalURL</c>.
/// </summary>
public sealed class TemplateData : ITemplateFields
{
    public required string Receiver { get; init; }
    public required string Status { get; init; }
    public required TemplateAlerts Alerts { get; init; }
    public required TemplateKV GroupLabels { get; init; }
    public required TemplateKV CommonLabels { get; init; }
    public required TemplateKV CommonAnnotations { get; init; }
    public string ExternalURL { get; init; } = "";

    public string GoTypeName => "template.Data";

    /// <summary>The data Alertmanager builds for one notification of a group.</summary>
    public static TemplateData From(NotificationData n)
    {
        var alerts = new List<TemplateAlert>(n.Alerts.Count);
        foreach (Alert a in n.Alerts)
        {
            alerts.Add(new TemplateAlert
            {
                Status = n.StatusOf(a),
                Labels = Kv(a.Labels),
                Annotations = new TemplateKV(a.Annotations),
                StartsAt = a.StartsAt,
                EndsAt = a.EndsAt,
                GeneratorURL = a.GeneratorUrl,
                Fingerprint = AlertFingerprint.Format(a.Fingerprint),
            });
        }
        return new TemplateData
        {
            Receiver = n.Receiver,
            Status = n.Status,
            Alerts = new TemplateAlerts(alerts),
            GroupLabels = Kv(n.GroupLabels),
            CommonLabels = Kv(n.CommonLabels),
            CommonAnnotations = Kv(n.CommonAnnotations),
            ExternalURL = n.ExternalUrl,
        };
    }

    private static TemplateKV Kv(LabelSet labels) => new(labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)));

    public bool TryGetField(string name, out object? value)
    {
        value = name switch
        {
            "Receiver" => Receiver,
            "Status" => Status,
            "Alerts" => Alerts,
            "GroupLabels" => GroupLabels,
            "CommonLabels" => CommonLabels,
            "CommonAnnotations" => CommonAnnotations,
            "ExternalURL" => ExternalURL,
            _ => null,
        };
        return value is not null;
    }

    /// <summary>Go's <c>%v</c> of the struct, fields in declaration order.</summary>
    public override string ToString()
        => $"{{{Receiver} {Status} {GoValues.Print(Alerts)} {GoValues.Print(GroupLabels)} {GoValues.Print(CommonLabels)} {GoValues.Print(CommonAnnotations)} {ExternalURL}}}";
}
