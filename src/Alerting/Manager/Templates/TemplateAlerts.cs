using System.Collections.ObjectModel;
using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>Alertmanager's <c>template.Alerts</c>: the alerts of a notification, with <c>.Firing</c> and <c>.Resolved</c>.</summary>
public sealed class TemplateAlerts(IList<TemplateAlert> alerts) : ReadOnlyCollection<TemplateAlert>(alerts), ITemplateMethods
{
    /// <summary>The firing alerts, as a plain <c>[]Alert</c> (Go returns the slice type, not <c>Alerts</c>).</summary>
    public List<TemplateAlert> Firing() => this.Where(a => a.Status == "firing").ToList();

    public List<TemplateAlert> Resolved() => this.Where(a => a.Status == "resolved").ToList();

    public string GoTypeName => "template.Alerts";

    public bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result)
    {
        result = method switch
        {
            "Firing" => TemplatePairs.NoArgs(method, args) ? Firing() : null,
            "Resolved" => TemplatePairs.NoArgs(method, args) ? Resolved() : null,
            _ => null,
        };
        return result is not null;
    }
}
