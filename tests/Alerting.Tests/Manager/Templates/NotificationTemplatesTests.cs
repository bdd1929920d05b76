using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Alerting.Manager.Templates;
using Metrics.Alerting.Templating;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager.Templates;

public sealed class NotificationTemplatesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("am-tmpl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TemplateData Data(bool resolved = false) => TemplateData.From(new NotificationData
    {
        Receiver = "team a",
        GroupKey = "{}:{alertname=\"Down\"}",
        GroupLabels = LabelSet.FromPairs("alertname", "Down"),
        Now = Now,
        ExternalUrl = "http://am:9093",
        Alerts =
        [
            new Alert { Labels = LabelSet.FromPairs("alertname", "Down", "instance", "a", "team", "db"), StartsAt = Now.AddMinutes(-5), EndsAt = resolved ? Now : default },
            new Alert { Labels = LabelSet.FromPairs("alertname", "Down", "instance", "b", "team", "db"), StartsAt = Now.AddMinutes(-1), EndsAt = resolved ? Now : default },
        ],
    });

    private static string Render(string text, bool resolved = false) => NotificationTemplates.Default.Render(text, Data(resolved));

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("{{ .CommonLabels.team }} is {{ .Status }}", "db is firing")]
    [InlineData("{{ .GroupLabels.alertname }}/{{ .CommonLabels.instance }}", "Down/")]
    [InlineData("{{ len .Alerts }} alerts, {{ .Alerts.Firing | len }} firing, {{ len .Alerts.Resolved }} resolved", "2 alerts, 2 firing, 0 resolved")]
    [InlineData("{{ range .Alerts }}{{ .Labels.instance }}{{ end }}", "ab")]
    [InlineData("{{ .CommonLabels.SortedPairs.Names | join \",\" }}", "alertname,team")]
    [InlineData("{{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join \" \" }}{{ end }}", "db")]
    [InlineData("{{ range .Alerts }}{{ .StartsAt.Format \"15:04\" }} {{ .EndsAt.IsZero }};{{ end }}", "11:55 true;11:59 true;")]
    [InlineData("{{ template \"slack.default.title\" . }}", "[FIRING:2] Down (db)")]
    [InlineData("{{ template \"__alertmanagerURL\" . }}", "http://am:9093/#/alerts?receiver=team+a")]
    [InlineData("{{ define \"mine\" }}<{{ . }}>{{ end }}{{ template \"mine\" .Receiver }}", "<team a>")]
    public void RendersAlertmanagersTemplateData(string template, string expected) => Assert.Equal(expected, Render(template));

    [Fact]
    public void ABigGroupRendersWholeWithoutHittingTheStepLimit()
    {
        // 5000 alerts x 6 labels: ~300k template steps in the default OpsGenie description (rule templates stop at 100k).
        var alerts = Enumerable.Range(0, 5000).Select(i => new Alert
        {
            Labels = LabelSet.FromPairs("alertname", "Down", "instance", $"host{i}", "job", "node", "a", "1", "b", "2", "c", "3"),
            StartsAt = Now,
        }).ToList();
        TemplateData data = TemplateData.From(new NotificationData
        {
            Receiver = "r", GroupKey = "{}:{}", GroupLabels = LabelSet.FromPairs("alertname", "Down"), Now = Now, Alerts = alerts,
        });
        string text = NotificationTemplates.Default.Render("{{ template \"opsgenie.default.description\" . }}", data);
        Assert.Equal(5000, text.Split("Labels:\n").Length - 1);
        Assert.Contains(" - instance = host4999\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvedGroupsUseTheResolvedDefaults()
    {
        Assert.Equal("[RESOLVED] Down (db)", Render("{{ template \"__subject\" . }}", resolved: true));
        Assert.Equal("good", Render("{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}", resolved: true));
        Assert.Equal("2", Render("{{ len .Alerts.Resolved }}", resolved: true));
    }

    [Theory]
    [InlineData("{{ .Unknown }}", "can't evaluate field Unknown in type template.Data")]
    [InlineData("{{ if .Status }}never closed", "unexpected EOF")]
    [InlineData("{{ template \"nope\" . }}", "template \"nope\" not defined")]
    [InlineData("{{ humanize 1 }}", "function \"humanize\" not defined")]
    [InlineData("{{ .CommonLabels.Remove }}", "wrong number of args for Remove: want 1 got 0")]
    public void BrokenTemplatesThrowNamingTheProblem(string template, string problem)
        => Assert.Contains(problem, Assert.Throws<TemplateException>(() => Render(template)).Message);

    [Fact]
    public void TemplateFilesAreFoundByGlobAndTheirDefinesOverrideTheDefaults()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "t"));
        File.WriteAllText(Path.Combine(_dir, "t", "a.tmpl"), "{{ define \"slack.default.title\" }}mine: {{ .Receiver }}{{ end }}");
        File.WriteAllText(Path.Combine(_dir, "t", "b.tmpl"), "{{ define \"my.text\" }}{{ range .Alerts }}{{ .Labels.instance }} {{ end }}{{ end }}");
        // An empty define does not replace a non-empty one (Go's rule), so this keeps the default text.
        File.WriteAllText(Path.Combine(_dir, "t", "c.tmpl"), "{{ define \"__subject\" }}  {{ end }}");
        NotificationTemplates templates = NotificationTemplates.Load(["t/*.tmpl", "missing/*.tmpl"], _dir);

        Assert.Equal(3, templates.Files.Count);
        Assert.Equal("mine: team a | http://am:9093/#/alerts?receiver=team+a", templates.Render("{{ template \"slack.default.fallback\" . }}", Data()));
        Assert.Equal("a b ", templates.Render("{{ template \"my.text\" . }}", Data()));
        Assert.Equal("[FIRING:2] Down (db)", templates.Render("{{ template \"__subject\" . }}", Data()));
        Assert.Equal("[FIRING:2] Down (db)", NotificationTemplates.Default.Render("{{ template \"slack.default.title\" . }}", Data()));
    }

    [Fact]
    public void ASyntaxErrorNamesTheFileAndLine()
    {
        string file = Path.Combine(_dir, "bad.tmpl");
        File.WriteAllText(file, "{{ define \"b\" }}\n{{ if }}\n{{ end }}\n");
        var e = Assert.Throws<TemplateLoadException>(() => NotificationTemplates.Load(["*.tmpl"], _dir));
        Assert.Equal(file, e.File);
        Assert.Equal($"{file}: template: bad.tmpl:2: missing value for if", e.Message);
    }

    [Fact]
    public void AMalformedGlobIsAnError()
        => Assert.Contains("syntax error in pattern", Assert.Throws<TemplateLoadException>(() => NotificationTemplates.Load(["[a.tmpl"], _dir)).Message);
}
