using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Alerting.Manager.Templates;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Templates;

public sealed class TemplateRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static NotificationData Data(bool resolved = false) => new()
    {
        Receiver = "team a",
        GroupKey = "{}:{alertname=\"Down\"}",
        GroupLabels = LabelSet.FromPairs("alertname", "Down"),
        Now = Now,
        ExternalUrl = "http://am:9093",
        Alerts =
        [
            new Alert { Labels = LabelSet.FromPairs("alertname", "Down", "instance", "a", "team", "db"), EndsAt = resolved ? Now : default },
            new Alert { Labels = LabelSet.FromPairs("alertname", "Down", "instance", "b", "team", "db"), EndsAt = resolved ? Now : default },
        ],
    };

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("{{ .CommonLabels.team }} is {{ .Status }}", "db is firing")]
    [InlineData("{{ .GroupLabels.alertname }}/{{ .CommonLabels.instance }}", "Down/")]
    [InlineData("{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}", "danger")]
    [InlineData("{{ if ne .Status \"firing\" }}x{{ end }}", "")]
    [InlineData("{{ len .Alerts }} alerts, {{ .Alerts.Firing | len }} firing", "2 alerts, 2 firing")]
    [InlineData("{{ .Status | toUpper }}", "FIRING")]
    [InlineData("{{ template \"slack.default.title\" . }}", "[FIRING:2] Down (db)")]
    [InlineData("a  {{- .Receiver -}}  b", "ateam ab")]
    public void RendersTheSupportedSubset(string template, string expected)
        => Assert.Equal(expected, TemplateRenderer.Render(template, Data()));

    [Theory]
    [InlineData("{{ range .Alerts }}x{{ end }}")]
    [InlineData("{{ .Unknown }}")]
    [InlineData("{{ if .Status }}never closed")]
    [InlineData("{{ template \"nope\" . }}")]
    public void UnsupportedTemplatesFailLoudly(string template)
        => Assert.Throws<FormatException>(() => TemplateRenderer.Render(template, Data()));

    [Fact]
    public void DefaultsFollowAlertmanagersTemplates()
    {
        Assert.Equal("[RESOLVED] Down (db)", DefaultTemplates.Subject(Data(resolved: true)));
        Assert.Equal("http://am:9093/#/alerts?receiver=team+a", DefaultTemplates.AlertmanagerUrl(Data()));
        Assert.Equal("good", DefaultTemplates.SlackColor(Data(resolved: true)));
    }
}
