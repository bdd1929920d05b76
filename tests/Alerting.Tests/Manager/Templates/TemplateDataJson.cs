using System.Globalization;
using System.Text.Json;
using Metrics.Alerting.Manager.Templates;

namespace Metrics.Alerting.Tests.Manager.Templates;

/// <summary>Reads template.Data from its JSON form, the file <c>amtool template render --template.data</c> takes.</summary>
internal static class TemplateDataJson
{
    public static TemplateData Parse(string json)
    {
        JsonElement root = JsonDocument.Parse(json).RootElement;
        return new TemplateData
        {
            Receiver = root.GetProperty("receiver").GetString()!,
            Status = root.GetProperty("status").GetString()!,
            Alerts = new TemplateAlerts(root.GetProperty("alerts").EnumerateArray().Select(a => new TemplateAlert
            {
                Status = a.GetProperty("status").GetString()!,
                Labels = Kv(a, "labels"),
                Annotations = Kv(a, "annotations"),
                StartsAt = Time(a, "startsAt"),
                EndsAt = Time(a, "endsAt"),
                GeneratorURL = a.GetProperty("generatorURL").GetString()!,
                Fingerprint = a.GetProperty("fingerprint").GetString()!,
            }).ToList()),
            GroupLabels = Kv(root, "groupLabels"),
            CommonLabels = Kv(root, "commonLabels"),
            CommonAnnotations = Kv(root, "commonAnnotations"),
            ExternalURL = root.GetProperty("externalURL").GetString()!,
        };
    }

    private static TemplateKV Kv(JsonElement e, string name)
        => new(e.GetProperty(name).EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)));

    private static DateTimeOffset Time(JsonElement e, string name)
        => DateTimeOffset.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
