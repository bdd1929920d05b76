using System.Text;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Templates;

/// <summary>Alertmanager's default.tmpl, written out in C#: the texts a receiver sends when the config sets none.</summary>
public static class DefaultTemplates
{
    /// <summary><c>__subject</c>: <c>[FIRING:2] GroupValues (OtherCommonValues)</c>.</summary>
    public static string Subject(NotificationData data)
    {
        var b = new StringBuilder("[");
        b.Append(data.Status.ToUpperInvariant());
        if (data.Status == "firing") b.Append(':').Append(data.Firing.Count());
        b.Append("] ");
        b.Append(string.Join(" ", data.GroupLabels.Select(l => l.Value)));
        b.Append(' ');
        LabelSet common = data.CommonLabels;
        if (common.Count > data.GroupLabels.Count)
        {
            var rest = common.Where(l => !data.GroupLabels.Has(l.Name)).Select(l => l.Value);
            b.Append('(').Append(string.Join(" ", rest)).Append(')');
        }
        return b.ToString();
    }

    /// <summary><c>__alertmanagerURL</c>: the manager's alert page filtered to the receiver.</summary>
    public static string AlertmanagerUrl(NotificationData data)
        => data.ExternalUrl + "/#/alerts?receiver=" + QueryEscape(data.Receiver);

    public static string SlackFallback(NotificationData data) => Subject(data) + " | " + AlertmanagerUrl(data);

    public static string SlackColor(NotificationData data) => data.Status == "firing" ? "danger" : "good";

    /// <summary><c>opsgenie.default.description</c>: common annotation values, then the firing and resolved alert lists.</summary>
    public static string OpsGenieDescription(NotificationData data)
    {
        var b = new StringBuilder(string.Join(" ", data.CommonAnnotations.Select(l => l.Value)));
        b.Append('\n');
        List<Alert> firing = [.. data.Firing], resolved = [.. data.Resolved];
        if (firing.Count > 0) b.Append("Alerts Firing:\n").Append(AlertList(firing));
        b.Append('\n');
        if (resolved.Count > 0) b.Append("Alerts Resolved:\n").Append(AlertList(resolved).TrimEnd('\n'));
        return b.ToString();
    }

    /// <summary><c>__text_alert_list</c>.</summary>
    public static string AlertList(IEnumerable<Alert> alerts)
    {
        var b = new StringBuilder();
        foreach (Alert a in alerts)
        {
            b.Append("Labels:\n");
            foreach (Label l in a.Labels.AsSpan()) b.Append(" - ").Append(l.Name).Append(" = ").Append(l.Value).Append('\n');
            b.Append("Annotations:\n");
            foreach (var (k, v) in a.Annotations.OrderBy(p => p.Key, StringComparer.Ordinal)) b.Append(" - ").Append(k).Append(" = ").Append(v).Append('\n');
            b.Append("Source: ").Append(a.GeneratorUrl).Append('\n');
        }
        return b.ToString();
    }

    /// <summary>A named default template, for <c>{{ template "name" . }}</c>; null when unknown.</summary>
    public static string? ByName(string name, NotificationData data) => name switch
    {
        "__subject" or "slack.default.title" or "opsgenie.default.message" or "email.default.subject" => Subject(data),
        "__alertmanager" or "slack.default.username" => "Alertmanager",
        "__alertmanagerURL" or "slack.default.titlelink" or "opsgenie.default.source" => AlertmanagerUrl(data),
        "slack.default.fallback" => SlackFallback(data),
        "opsgenie.default.description" => OpsGenieDescription(data),
        "__description" or "slack.default.callbackid" or "slack.default.pretext" or "slack.default.iconemoji"
            or "slack.default.iconurl" or "slack.default.text" or "slack.default.footer" => "",
        _ => null,
    };

    /// <summary>Go's <c>url.QueryEscape</c>: unreserved characters kept, space as <c>+</c>.</summary>
    private static string QueryEscape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);
}
